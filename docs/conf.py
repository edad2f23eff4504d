"""Sphinx configuration of the mmrecmix documentation.

Build it with ``python -m sphinx -W -b html docs docs/_build/html`` from the
repository root (``requirements/docs.txt``: Sphinx, MyST, Furo). The pages are
Markdown (MyST); the API reference is autodoc over the installed package.
"""
import os
import os.path as osp
import sys

# The checkout's package first, so the reference describes these sources.
sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

from mmrecmix.version import __version__  # noqa: E402

project = 'mmrecmix'
author = 'the mmrecmix authors'
copyright = 'the mmrecmix authors'  # noqa: A001
version = release = __version__

extensions = [
    'myst_parser',
    'sphinx.ext.autodoc',
    'sphinx.ext.napoleon',
    'sphinx.ext.mathjax',
]
source_suffix = {'.md': 'markdown'}
root_doc = 'index'
exclude_patterns = ['_build', 'Thumbs.db', '.DS_Store']

# MyST: $...$ and $$...$$ maths, ::: fences, and anchors for ## and ### headings so
# that pages can link to each other's sections.
myst_enable_extensions = ['dollarmath', 'amsmath', 'colon_fence', 'deflist']
myst_heading_anchors = 3

# autodoc + napoleon: the Google-style Args / Returns sections of the docstrings.
autodoc_member_order = 'bysource'
autodoc_typehints = 'description'
autodoc_default_options = {'members': True}
# Types from the annotations only where the docstring documents the argument or
# the return value (no bare 'Return type: None' under every hook method).
autodoc_typehints_description_target = 'documented'
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

html_theme = 'furo'
html_title = f'mmrecmix {version}'
html_static_path = ['_static']
html_css_files = ['custom.css']
# A local MathJax for viewing the site without network: MMRECMIX_MATHJAX=/path/tex-chtml.js
if os.environ.get('MMRECMIX_MATHJAX'):
    mathjax_path = 'file://' + osp.abspath(os.environ['MMRECMIX_MATHJAX'])
