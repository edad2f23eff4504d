# CutMix Table 9, VGG-GAP + CAM (the VGG-GAP baseline, no mix): ImageNet top-1
# localisation of the VGG-GAP model trained without a mix. The csv lists this row with
# the quoted WSOL methods (group 'VGG-GAP family (quoted, *)'), but it carries no
# asterisk in the table: it is the baseline the CutMix authors compare the mixes with.
_base_ = ['./_base_/vgg16-gap_in1k_loc.py']

paper_rows = [dict(paper='CutMix', table='T9', group='VGG-GAP family (quoted, *)',
                   method='[WSOL] VGG-GAP + CAM', column='ImageNet loc')]
