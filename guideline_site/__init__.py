"""A generator of guideline sites with embedded calculators: the ``guideline`` MkDocs plugin.

Thin: the plugin (``plugin.py``) delegates each concern to its own module. The pure-Python
core (``sciatica_core``) never imports this package.
"""
