from .mvit import *
from .resnet import *
from .s3d import *
from .swin_transformer import *
