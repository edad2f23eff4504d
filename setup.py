import os.path as osp
import re

from setuptools import find_packages, setup

HERE = osp.dirname(osp.abspath(__file__))


def read_version():
    with open(osp.join(HERE, 'mmrecmix', 'version.py')) as f:
        return re.search(r"__version__ = '([^']+)'", f.read()).group(1)


def parse_requirements(fname):
    """Requirement lines of ``fname``, following ``-r other.txt`` includes."""
    requirements = []
    with open(osp.join(HERE, fname)) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line.startswith('-r '):
                requirements += parse_requirements(
                    osp.join(osp.dirname(fname), line[3:].strip()))
            elif line:
                requirements.append(line)
    return requirements


setup(
    name='mmrecmix',
    version=read_version(),
    description='History-aware and attention-guided mixed-sample augmentation '
    'for OpenMMLab training pipelines',
    long_description=open(osp.join(HERE, 'README.md')).read(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('configs', 'tools', 'tests')),
    include_package_data=True,
    package_data={'mmrecmix': ['evaluation/metrics/data/*.txt']},
    python_requires='>=3.8',
    license='Apache License 2.0',
    install_requires=parse_requirements('requirements/runtime.txt'),
    extras_require={
        'mim': parse_requirements('requirements/mminstall.txt'),
        'core': parse_requirements('requirements/core.txt') +
        parse_requirements('requirements/mminstall.txt'),
        'full': parse_requirements('requirements/full.txt') +
        parse_requirements('requirements/mminstall.txt'),
        'tests': parse_requirements('requirements/tests.txt'),
        'benchmarks': parse_requirements('requirements/benchmarks.txt'),
        'all': parse_requirements('requirements.txt'),
    },
    zip_safe=False)
