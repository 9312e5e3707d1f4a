"""The attributes that typings/ declares hold values of the declared types at runtime.

``mypy.stubtest`` (typecheck session) checks every stubbed signature, class and constant
against the installed packages, but not instance attributes: they exist only on objects.
This test builds small torchvision detectors (FCOS, RetinaNet, Faster R-CNN on a ResNet-18
FPN, a one-block Bottleneck ResNet), the COCO evaluators and onnxruntime's session options,
walks every object reachable through stubbed attributes, and checks each value against the
stub's annotation (``beartype.door.is_bearable``). Every declared attribute must be checked
at least once, so an attribute added to a stub without an object here to check it fails too.
Only types are checked, so the random initial weights do not matter.
"""

import ast
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import faster_coco_eval
import onnxruntime
import pycocotools.coco
import pycocotools.cocoeval
import torch
from beartype.door import is_bearable
from torchvision import tv_tensors
from torchvision.models.detection import FCOS, FasterRCNN, RetinaNet
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.models.detection.image_list import ImageList
from torchvision.models.resnet import Bottleneck, ResNet
from torchvision.ops.feature_pyramid_network import LastLevelP6P7

TYPINGS = Path(__file__).resolve().parents[2] / "typings"

# Stub-only names for classes a package does not export, and the runtime class they stand for.
_STUB_ONLY = {"faster_coco_eval._Params": "faster_coco_eval.core.cocoeval:Params"}


@dataclass(frozen=True)
class _Declared:
    """One annotated attribute of a stubbed class: ``owner.name: annotation``."""

    owner: str
    name: str
    annotation: str
    namespace: dict[str, object]

    def hint(self) -> Any:
        return eval(self.annotation, self.namespace)  # our own stub's annotation


def _module_name(stub: Path) -> str:
    parts = stub.relative_to(TYPINGS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _namespace(tree: ast.Module, runtime: ModuleType) -> dict[str, object]:
    """What a stub's annotations can name: its imports, aliases and classes, as at runtime."""
    namespace: dict[str, object] = {}
    imports: list[ast.stmt] = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    exec(compile(ast.Module(body=imports, type_ignores=[]), "<stub imports>", "exec"), namespace)
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            stub_only = _STUB_ONLY.get(f"{runtime.__name__}.{node.name}")
            if stub_only is not None:
                module, _, name = stub_only.partition(":")
                namespace[node.name] = getattr(importlib.import_module(module), name)
            else:
                namespace[node.name] = getattr(runtime, node.name)
    for node in tree.body:  # private type aliases (`_Color = str | tuple[int, int, int]`)
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            namespace[node.targets[0].id] = eval(ast.unparse(node.value), namespace)
    return namespace


def _declared() -> dict[type, list[_Declared]]:
    """Every runtime class that typings/ stubs, with the attributes its stub annotates."""
    found: dict[type, list[_Declared]] = {}
    for stub in sorted(TYPINGS.rglob("*.pyi")):
        tree = ast.parse(stub.read_text())
        runtime = importlib.import_module(_module_name(stub))
        namespace = _namespace(tree, runtime)
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            cls = namespace[node.name]
            assert isinstance(cls, type)
            owner = f"{runtime.__name__}.{node.name}"
            found[cls] = [
                _Declared(owner, item.target.id, ast.unparse(item.annotation), namespace)
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            ]
    return found


def _roots() -> Iterator[object]:
    """Small instances of the stubbed classes: detectors and what they are made of."""
    fpn = resnet_fpn_backbone(backbone_name="resnet18", weights=None, returned_layers=[2, 3, 4])
    yield FCOS(fpn, num_classes=3)
    p6p7 = LastLevelP6P7(256, 256)
    retina_backbone = resnet_fpn_backbone(
        backbone_name="resnet18", weights=None, returned_layers=[2, 3, 4], extra_blocks=p6p7
    )
    yield RetinaNet(retina_backbone, num_classes=3)
    yield FasterRCNN(resnet_fpn_backbone(backbone_name="resnet18", weights=None), num_classes=3)
    yield ResNet(Bottleneck, [1, 1, 1, 1], num_classes=2)
    yield ImageList(torch.zeros(1, 3, 32, 32), [(30, 28)])
    yield tv_tensors.BoundingBoxes(
        torch.tensor([[1.0, 2.0, 5.0, 6.0]]), format="XYXY", canvas_size=(8, 8)
    )
    yield faster_coco_eval.COCOeval_faster(iouType="bbox", print_function=lambda *_: None)
    yield pycocotools.coco.COCO()
    yield pycocotools.cocoeval.COCOeval(iouType="bbox")
    yield onnxruntime.SessionOptions()


def test_every_declared_attribute_holds_its_declared_type() -> None:
    declared = _declared()
    checked: set[tuple[str, str]] = set()
    wrong: list[str] = []
    seen: set[int] = set()
    pending = list(_roots())
    while pending:
        obj = pending.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, torch.nn.Module):
            pending.extend(obj.children())
        for cls in type(obj).__mro__:
            for attribute in declared.get(cls, []):
                value: object = getattr(obj, attribute.name)
                checked.add((attribute.owner, attribute.name))
                if not is_bearable(value, attribute.hint()):
                    wrong.append(
                        f"{attribute.owner}.{attribute.name}: {attribute.annotation}, "
                        f"but {type(obj).__name__} holds {value!r:.80}"
                    )
                pending.append(value)
    assert not wrong, "stubs that do not match the runtime:\n" + "\n".join(wrong)
    unchecked = sorted(
        f"{a.owner}.{a.name}"
        for attrs in declared.values()
        for a in attrs
        if (a.owner, a.name) not in checked
    )
    assert not unchecked, (
        "declared in typings/ but on no object this test builds (add one to _roots): "
        + ", ".join(unchecked)
    )
