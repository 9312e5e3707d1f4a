from .deeplabv3 import *
from .fcn import *
from .lraspp import *
