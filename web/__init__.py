"""dondoc's own web pages: agencies' report links and the operators' pages (FastAPI, Jinja2, uvicorn)."""

from .app import create_app

__all__ = ["create_app"]
