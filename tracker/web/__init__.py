"""The web app (``tracker serve``, ``spec/web.md``): a thin layer over the services.

Routes call the same services as the command line and render their results with Jinja2
templates; no figure is computed in a route or a template. Web libraries (Starlette, Jinja2,
uvicorn, argon2) are imported only here and by ``tracker serve``: ``tracker --help`` never
loads them.
"""
