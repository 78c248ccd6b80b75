"""The Parley service: one FastAPI router per API, assembled by `app.main.create_app`."""
