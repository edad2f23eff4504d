"""The documentation site: docs/ builds with Sphinx with warnings as errors, every page
under docs/ is reachable from the index's toctrees, and the API page documents every
batch augment that mmrecmix registers."""
import glob
import importlib.util
import os.path as osp
import pickle
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conftest import REPO_ROOT

pytestmark = pytest.mark.full_tier

DOCS = osp.join(REPO_ROOT, 'docs')


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    """``(html folder, doctree folder)`` of one ``sphinx-build -W`` of docs/."""
    if importlib.util.find_spec('sphinx') is None:
        pytest.skip('the documentation tools are not installed (requirements/docs.txt; '
                    'the full tier installs them unless it installs from a wheelhouse)')
    out = tmp_path_factory.mktemp('docs')
    html, doctrees = out / 'html', out / 'doctrees'
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-W', '--keep-going', '-b', 'html', '-q',
         '-d', str(doctrees), DOCS, str(html)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    return html, doctrees


def source_pages():
    """The docnames of the pages under docs/ (``methods/automix`` for
    docs/methods/automix.md), build folders left out."""
    pages = set()
    for path in glob.glob(osp.join(DOCS, '**', '*.md'), recursive=True) + \
            glob.glob(osp.join(DOCS, '**', '*.rst'), recursive=True):
        relative = osp.relpath(path, DOCS)
        if not relative.startswith('_build'):
            pages.add(osp.splitext(relative)[0].replace(osp.sep, '/'))
    return pages


def test_every_page_is_reachable_from_the_index(site):
    _, doctrees = site
    with open(doctrees / 'environment.pickle', 'rb') as f:
        env = pickle.load(f)
    root = env.config.root_doc
    reachable, pending = {root}, [root]
    while pending:  # the toctrees of each page reached, followed to any depth
        for child in env.toctree_includes.get(pending.pop(), []):
            if child not in reachable:
                reachable.add(child)
                pending.append(child)
    pages = source_pages()
    assert pages == set(env.found_docs), 'Sphinx read other pages than docs/ holds'
    assert not pages - reachable, f'pages in no toctree of {root}: {pages - reachable}'
    assert len(pages) > 10


class DocumentedClasses(HTMLParser):
    """The ids of the classes that an autodoc page documents
    (``<dl class="py class"><dt id="module.Name">``)."""

    def __init__(self):
        super().__init__()
        self.ids, self.in_class = set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'dl':
            self.in_class = 'class' in (attrs.get('class') or '').split()
        elif tag == 'dt' and self.in_class and attrs.get('id'):
            self.ids.add(attrs['id'])
            self.in_class = False


def test_api_page_documents_every_registered_batch_augment(site):
    from mmrecmix.registry import BATCH_AUGMENTS
    html, _ = site
    parser = DocumentedClasses()
    with open(html / 'api.html') as f:
        parser.feed(f.read())
    documented = {name.rsplit('.', 1)[-1] for name in parser.ids}
    # mmrecmix's own: test modules register mixes of theirs when they are collected
    registered = {cls.__name__ for cls in BATCH_AUGMENTS.module_dict.values()
                  if cls.__module__.startswith('mmrecmix.')}
    assert len(registered) >= 5 and documented
    assert not registered - documented, \
        f'registered batch augments missing from docs/api.md: {registered - documented}'
