"""MkDocs glue for the sciatica guideline site.

Thin: the plugin (``plugin.py``) delegates each concern to its own module. The pure-Python
core (``sciatica_core``) never imports this package.
"""
