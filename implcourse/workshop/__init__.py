"""The course on JupyterHub for a whole room: the shared progress database, the
hub's set-up of each participant, and the trainer's live class dashboard.

Nothing here is imported by ``import implcourse``; the modules that need
psycopg, tornado or JupyterHub import them themselves.
"""
