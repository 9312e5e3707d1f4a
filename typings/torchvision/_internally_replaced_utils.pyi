from torch.utils.model_zoo import load_url as load_state_dict_from_url

IN_FBCODE: bool
