from ._optical_flow import FlyingChairs as FlyingChairs, FlyingThings3D as FlyingThings3D, HD1K as HD1K, KittiFlow as KittiFlow, Sintel as Sintel
from ._stereo_matching import CREStereo as CREStereo, CarlaStereo as CarlaStereo, ETH3DStereo as ETH3DStereo, FallingThingsStereo as FallingThingsStereo, InStereo2k as InStereo2k, Kitti2012Stereo as Kitti2012Stereo, Kitti2015Stereo as Kitti2015Stereo, Middlebury2014Stereo as Middlebury2014Stereo, SceneFlowStereo as SceneFlowStereo, SintelStereo as SintelStereo
from .caltech import Caltech101 as Caltech101, Caltech256 as Caltech256
from .celeba import CelebA as CelebA
from .cifar import CIFAR10 as CIFAR10, CIFAR100 as CIFAR100
from .cityscapes import Cityscapes as Cityscapes
from .clevr import CLEVRClassification as CLEVRClassification
from .coco import CocoCaptions as CocoCaptions, CocoDetection as CocoDetection
from .country211 import Country211 as Country211
from .dtd import DTD as DTD
from .eurosat import EuroSAT as EuroSAT
from .fakedata import FakeData as FakeData
from .fer2013 import FER2013 as FER2013
from .fgvc_aircraft import FGVCAircraft as FGVCAircraft
from .flickr import Flickr30k as Flickr30k, Flickr8k as Flickr8k
from .flowers102 import Flowers102 as Flowers102
from .folder import DatasetFolder as DatasetFolder, ImageFolder as ImageFolder
from .food101 import Food101 as Food101
from .gtsrb import GTSRB as GTSRB
from .hmdb51 import HMDB51 as HMDB51
from .imagenet import ImageNet as ImageNet
from .imagenette import Imagenette as Imagenette
from .inaturalist import INaturalist as INaturalist
from .kinetics import Kinetics as Kinetics
from .kitti import Kitti as Kitti
from .lfw import LFWPairs as LFWPairs, LFWPeople as LFWPeople
from .lsun import LSUN as LSUN, LSUNClass as LSUNClass
from .mnist import EMNIST as EMNIST, FashionMNIST as FashionMNIST, KMNIST as KMNIST, MNIST as MNIST, QMNIST as QMNIST
from .moving_mnist import MovingMNIST as MovingMNIST
from .omniglot import Omniglot as Omniglot
from .oxford_iiit_pet import OxfordIIITPet as OxfordIIITPet
from .pcam import PCAM as PCAM
from .phototour import PhotoTour as PhotoTour
from .places365 import Places365 as Places365
from .rendered_sst2 import RenderedSST2 as RenderedSST2
from .sbd import SBDataset as SBDataset
from .sbu import SBU as SBU
from .semeion import SEMEION as SEMEION
from .stanford_cars import StanfordCars as StanfordCars
from .stl10 import STL10 as STL10
from .sun397 import SUN397 as SUN397
from .svhn import SVHN as SVHN
from .ucf101 import UCF101 as UCF101
from .usps import USPS as USPS
from .vision import VisionDataset as VisionDataset
from .voc import VOCDetection as VOCDetection, VOCSegmentation as VOCSegmentation
from .widerface import WIDERFace as WIDERFace

__all__ = ['LSUN', 'LSUNClass', 'ImageFolder', 'DatasetFolder', 'FakeData', 'CocoCaptions', 'CocoDetection', 'CIFAR10', 'CIFAR100', 'EMNIST', 'FashionMNIST', 'QMNIST', 'MNIST', 'KMNIST', 'MovingMNIST', 'StanfordCars', 'STL10', 'SUN397', 'SVHN', 'PhotoTour', 'SEMEION', 'Omniglot', 'SBU', 'Flickr8k', 'Flickr30k', 'Flowers102', 'VOCSegmentation', 'VOCDetection', 'Cityscapes', 'ImageNet', 'Caltech101', 'Caltech256', 'CelebA', 'WIDERFace', 'SBDataset', 'VisionDataset', 'USPS', 'Kinetics', 'HMDB51', 'UCF101', 'Places365', 'Kitti', 'INaturalist', 'LFWPeople', 'LFWPairs', 'KittiFlow', 'Sintel', 'FlyingChairs', 'FlyingThings3D', 'HD1K', 'Food101', 'DTD', 'FER2013', 'GTSRB', 'CLEVRClassification', 'OxfordIIITPet', 'PCAM', 'Country211', 'FGVCAircraft', 'EuroSAT', 'RenderedSST2', 'Kitti2012Stereo', 'Kitti2015Stereo', 'CarlaStereo', 'Middlebury2014Stereo', 'CREStereo', 'FallingThingsStereo', 'SceneFlowStereo', 'SintelStereo', 'InStereo2k', 'ETH3DStereo', 'wrap_dataset_for_transforms_v2', 'Imagenette']

from torchvision.tv_tensors._dataset_wrapper import wrap_dataset_for_transforms_v2 as wrap_dataset_for_transforms_v2
