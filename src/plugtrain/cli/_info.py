"""``plugtrain info``: versions and whether runtime shape checks are on."""

import platform

__all__ = ["info"]


def info() -> None:
    """Print plugtrain's, torch's and torchvision's versions and the check switch."""
    import torch
    import torchvision
    from rich.console import Console
    from rich.table import Table

    import plugtrain
    from plugtrain.typing import checks_enabled

    table = Table(title="plugtrain", show_header=False)
    table.add_row("plugtrain", plugtrain.__version__)
    table.add_row("python", platform.python_version())
    table.add_row("torch", torch.__version__)
    table.add_row("torchvision", torchvision.__version__)
    table.add_row("cuda available", str(torch.cuda.is_available()))
    table.add_row("shape checks", "on" if checks_enabled() else "off (PLUGTRAIN_CHECKS=0)")
    Console().print(table)
