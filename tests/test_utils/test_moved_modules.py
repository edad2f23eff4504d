"""The old homes of the modules that moved out of mmrecmix.utils still import, warn
with the new home, and give the very objects of the new modules."""
import importlib
import sys

import pytest

import mmrecmix.utils

# Old module -> the modules that now hold its names.
MOVED_MODULES = {
    'mmrecmix.utils.cli': [f'mmrecmix.cli.{name}' for name in (
        'errors', 'arguments', 'config', 'datasets', 'checkpoints', 'launcher')],
    'mmrecmix.utils.checkpoint_compat': ['mmrecmix.checkpoint.compat'],
    'mmrecmix.utils.checkpoint_files': ['mmrecmix.checkpoint.files'],
    'mmrecmix.utils.checkpoint_convert': ['mmrecmix.checkpoint.convert'],
    'mmrecmix.utils.recipe': ['mmrecmix.zoo.config_loading', 'mmrecmix.zoo.recipe',
                              'mmrecmix.zoo.recipe_table'],
    'mmrecmix.utils.coverage': ['mmrecmix.zoo.coverage'],
    'mmrecmix.utils.generated_section': ['mmrecmix.zoo.generated_section'],
}
# A few names each old module had, which users' scripts and our tests imported.
OLD_NAMES = {
    'mmrecmix.utils.cli': ('UsageError', 'load_config', 'build_runner',
                           'closing_process_group', 'name_unreadable_images',
                           'convert_checkpoint', 'DATASET_LAYOUTS', 'LAUNCHERS'),
    'mmrecmix.utils.checkpoint_compat': ('safe_load', 'safe_by_default',
                                         'restricted_pickle',
                                         'allow_mmengine_checkpoints'),
    'mmrecmix.utils.checkpoint_files': ('ATOMIC_BACKEND', 'AtomicLocalBackend',
                                        'checkpoint_problem', 'write_atomically'),
    'mmrecmix.utils.checkpoint_convert': ('backbone_state_dict', 'state_dict_of',
                                          'convert_recursivemix_resnet'),
    'mmrecmix.utils.recipe': ('ARM_NAME', 'PRETRAIN_FAMILIES', 'PRETRAIN_COLUMNS',
                              'load_configs', 'mix', 'table', 'tables_table'),
    'mmrecmix.utils.coverage': ('BACKBONE_IN_COLUMN', 'NO_CONFIG_REASONS', 'cover'),
    'mmrecmix.utils.generated_section': ('write_or_check', ),
}


def import_anew(name: str, monkeypatch):
    """``import name`` run again (a module's code runs once per process): the module
    and the warning it gave."""
    monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.warns(DeprecationWarning) as warned:
        exec(f'import {name}', {})
    ours = [w for w in warned if str(w.message).startswith(f'{name} has moved')]
    assert len(ours) == 1, [str(w.message) for w in warned]
    return sys.modules[name], ours[0]


@pytest.mark.parametrize('old', sorted(MOVED_MODULES))
def test_an_old_module_warns_naming_its_new_home(old, monkeypatch):
    _, warning = import_anew(old, monkeypatch)
    assert all(new in str(warning.message) for new in MOVED_MODULES[old])
    assert warning.filename == '<string>'  # the importing line, not the old module


@pytest.mark.parametrize('old', sorted(MOVED_MODULES))
def test_an_old_module_gives_the_new_objects(old, monkeypatch):
    module, _ = import_anew(old, monkeypatch)
    new = [importlib.import_module(name) for name in MOVED_MODULES[old]]
    public = {name for each in new for name in vars(each) if not name.startswith('_')}
    assert public <= set(vars(module))
    for name in OLD_NAMES[old]:
        assert any(getattr(module, name) is vars(each).get(name) for each in new), name


@pytest.mark.parametrize('name', ['allow_mmengine_checkpoints',
                                  'mmengine_checkpoint_globals'])
def test_names_of_mmrecmix_utils_moved_to_checkpoint_compat(name):
    from mmrecmix.checkpoint import compat
    namespace = {}
    with pytest.warns(DeprecationWarning,
                      match=rf'^mmrecmix\.utils\.{name} has moved: import from '
                      r'mmrecmix\.checkpoint\.compat') as warned:
        exec(f'from mmrecmix.utils import {name} as found', namespace)
    assert namespace['found'] is getattr(compat, name)
    assert {w.filename for w in warned} == {'<string>'}


def test_mmrecmix_utils_keeps_its_own_modules_without_a_warning(recwarn):
    from mmrecmix.utils import install_tier, validation  # noqa: F401
    assert not [w for w in recwarn if w.category is DeprecationWarning]
    with pytest.raises(AttributeError, match='no attribute'):
        mmrecmix.utils.no_such_name
