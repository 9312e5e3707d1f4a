from .boxes import batched_nms as batched_nms, box_area as box_area, box_convert as box_convert, box_iou as box_iou, clip_boxes_to_image as clip_boxes_to_image, complete_box_iou as complete_box_iou, distance_box_iou as distance_box_iou, generalized_box_iou as generalized_box_iou, masks_to_boxes as masks_to_boxes, nms as nms, remove_small_boxes as remove_small_boxes
from .ciou_loss import complete_box_iou_loss as complete_box_iou_loss
from .deform_conv import DeformConv2d as DeformConv2d, deform_conv2d as deform_conv2d
from .diou_loss import distance_box_iou_loss as distance_box_iou_loss
from .drop_block import DropBlock2d as DropBlock2d, DropBlock3d as DropBlock3d, drop_block2d as drop_block2d, drop_block3d as drop_block3d
from .feature_pyramid_network import FeaturePyramidNetwork as FeaturePyramidNetwork
from .focal_loss import sigmoid_focal_loss as sigmoid_focal_loss
from .giou_loss import generalized_box_iou_loss as generalized_box_iou_loss
from .misc import Conv2dNormActivation as Conv2dNormActivation, Conv3dNormActivation as Conv3dNormActivation, FrozenBatchNorm2d as FrozenBatchNorm2d, MLP as MLP, Permute as Permute, SqueezeExcitation as SqueezeExcitation
from .poolers import MultiScaleRoIAlign as MultiScaleRoIAlign
from .ps_roi_align import PSRoIAlign as PSRoIAlign, ps_roi_align as ps_roi_align
from .ps_roi_pool import PSRoIPool as PSRoIPool, ps_roi_pool as ps_roi_pool
from .roi_align import RoIAlign as RoIAlign, roi_align as roi_align
from .roi_pool import RoIPool as RoIPool, roi_pool as roi_pool
from .stochastic_depth import StochasticDepth as StochasticDepth, stochastic_depth as stochastic_depth

__all__ = ['masks_to_boxes', 'deform_conv2d', 'DeformConv2d', 'nms', 'batched_nms', 'remove_small_boxes', 'clip_boxes_to_image', 'box_convert', 'box_area', 'box_iou', 'generalized_box_iou', 'distance_box_iou', 'complete_box_iou', 'roi_align', 'RoIAlign', 'roi_pool', 'RoIPool', 'ps_roi_align', 'PSRoIAlign', 'ps_roi_pool', 'PSRoIPool', 'MultiScaleRoIAlign', 'FeaturePyramidNetwork', 'sigmoid_focal_loss', 'stochastic_depth', 'StochasticDepth', 'FrozenBatchNorm2d', 'Conv2dNormActivation', 'Conv3dNormActivation', 'SqueezeExcitation', 'MLP', 'Permute', 'generalized_box_iou_loss', 'distance_box_iou_loss', 'complete_box_iou_loss', 'drop_block2d', 'DropBlock2d', 'drop_block3d', 'DropBlock3d']
