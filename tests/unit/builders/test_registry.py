"""One registry: its type names are the config unions' tags, and each has one builder."""

import typing

import pytest
from pydantic import BaseModel

import plugtrain.builders  # registers the builders
from plugtrain.config import BackboneConfig, FPNConfig, HeadConfig, ModelConfig, TinyBackboneConfig
from plugtrain.errors import ArgumentError
from plugtrain.registry import REGISTRY, SLOTS, PartType, Registry, RegistryError, Slot
from plugtrain.specs import FeatureSpec


def _tags(union: object) -> set[str]:
    """The ``type`` literals of the config models of an ``Annotated`` discriminated union."""
    members = typing.get_args(typing.get_args(union)[0]) or (typing.get_args(union)[0],)
    tags: set[str] = set()
    for member in members:
        assert isinstance(member, type)
        assert issubclass(member, BaseModel)
        (tag,) = typing.get_args(member.model_fields["type"].annotation)
        tags.add(str(tag))
    return tags


def test_the_registry_names_exactly_the_config_types() -> None:
    expected: dict[Slot, set[str]] = {
        "backbone": _tags(BackboneConfig),
        "neck": {str(t) for t in typing.get_args(FPNConfig.model_fields["type"].annotation)},
        "head": _tags(HeadConfig),
    }
    assert expected["backbone"] == {"resnet", "tiny", "torchvision"}
    for slot in SLOTS:
        assert {part.name for part in REGISTRY.parts(slot)} == expected[slot], slot
        assert set(REGISTRY.built(slot)) == expected[slot], f"{slot}: one builder per type"


def test_each_part_type_registers_the_config_model_of_its_tag() -> None:
    for part in REGISTRY:
        (tag,) = typing.get_args(part.config.model_fields["type"].annotation)
        assert tag == part.name


def test_a_second_builder_or_type_is_refused() -> None:
    with pytest.raises(RegistryError, match="backbone 'tiny' has a builder already"):
        REGISTRY.builds("backbone", "tiny", TinyBackboneConfig)(lambda config, _spec: config)
    registry = Registry()
    part = PartType(slot="neck", name="fpn", config=FPNConfig, summary="", arguments={})
    registry.add(part)
    with pytest.raises(RegistryError, match="a neck type 'fpn' is registered already"):
        registry.add(part)
    with pytest.raises(RegistryError, match=r"no head type 'detr' is registered; known: "):
        registry.part("head", "detr")
    with pytest.raises(RegistryError, match="has no builder; builders register"):
        registry.builder("neck", "fpn")


def test_argument_errors_map_to_config_keys_through_the_table() -> None:
    error = ArgumentError(part="FPN", argument="channels", received=48, expected="x", fix="y")
    assert REGISTRY.config_key("neck", "fpn", error) == "channels"
    other = ArgumentError(part="FCOSHead", argument="channels", received=48, expected="x", fix="y")
    assert REGISTRY.config_key("neck", "fpn", other) is None
    model = ModelConfig.model_validate(
        {"backbone": {"type": "tiny"}, "head": {"type": "fcos", "num_classes": 2}}
    )
    assert plugtrain.builders.argument_path(model, error) == ("model", "neck", "channels")
    head = ArgumentError(part="FCOSHead", argument="num_convs", received=-1, expected="", fix="")
    assert plugtrain.builders.argument_path(model, head) == ("model", "head", "num_convs")


def test_the_static_spec_is_the_spec_of_the_built_part() -> None:
    model = ModelConfig.model_validate(
        {
            "backbone": {"type": "resnet", "depth": 18},
            "neck": {"type": "fpn", "channels": 64},
            "head": {"type": "fcos", "num_classes": 2},
        }
    )
    spec = REGISTRY.part("backbone", "resnet").spec(model.backbone, None)
    backbone = plugtrain.builders.build_backbone(model.backbone)
    assert spec == backbone.feature_spec
    assert model.neck is not None
    neck_spec = REGISTRY.part("neck", "fpn").spec(model.neck, spec)
    neck = plugtrain.builders.build_neck(model.neck, backbone.feature_spec)
    assert neck is not None
    assert isinstance(neck_spec, FeatureSpec)
    assert neck_spec == neck.feature_spec
