"""``searchbrief serve``: search pages, a JSON API and Atom feeds over one shared index.

Sits above the facade (:class:`searchbrief.BriefingIndex`) and the saved
searches (:mod:`searchbrief.watch`); the only package that imports FastAPI,
Starlette, uvicorn or Jinja2.  It never writes the index.
"""
