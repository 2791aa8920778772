"""A generator of guideline sites with embedded calculators: the ``guideline`` MkDocs plugin.

Thin: the plugin (``plugin.py``) delegates each concern to its own module. The pure-Python
cores (the first user: ``sciatica_core``) never import this package.
"""
