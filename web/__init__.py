"""Web app: FastAPI routes over the in-memory docs.db."""
