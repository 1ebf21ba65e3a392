# JupyterHub configuration for an implcourse workshop room.
#
# Run it with `jupyterhub -f workshop/jupyterhub_config.py`, or copy it into
# The Littlest JupyterHub's /opt/tljh/config/jupyterhub_config.d/ (see
# workshop/README.md). Every setting is an environment variable of the hub,
# read by implcourse.workshop.hub, where each one is explained: the progress
# database, the trainers, the passwords, the spawner, the limits per
# participant and the idle time before a server is stopped.
#
# Add your own lines below the call to change anything for your room; later
# assignments win.

from implcourse.workshop.hub import configure

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file
configure(c)
