from torchvision import datasets as datasets
from torchvision import models as models
from torchvision import ops as ops
from torchvision import transforms as transforms
from torchvision import utils as utils

__version__: str
