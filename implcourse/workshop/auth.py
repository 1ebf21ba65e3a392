"""The room's shared-password login, with names normalised before anything else.

JupyterHub's ``SharedPasswordAuthenticator`` gives one password to every
participant and another to the admins. Before JupyterHub 6.1 it compared the
typed name with the admin list *before* lower-casing it, so ``Trainer-Tina``
with the room password was let in as an ordinary user and then became the
hub user ``trainer-tina``: a trainer's name, and so a member of the trainers
group that may open the class dashboard. This subclass normalises the name
first on every version, so a trainer's name only ever opens with the trainer
password. The workshop's configuration uses it (``IMPLCOURSE_AUTH=shared``).
"""

from __future__ import annotations

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator

__all__ = ["RoomPasswordAuthenticator"]


class RoomPasswordAuthenticator(SharedPasswordAuthenticator):
    """A room password for participants, a trainer password for the admins."""

    async def authenticate(self, handler, data):
        name = data.get("username") if isinstance(data, dict) else None
        if not isinstance(name, str):
            return None
        return await super().authenticate(
            handler, {**data, "username": self.normalize_username(name)})
