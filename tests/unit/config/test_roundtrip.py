"""config -> YAML -> config gives the same config (hypothesis property)."""

from hypothesis import given
from hypothesis import strategies as st

from plugtrain.config import ExperimentConfig, dump_config, parse_config

_fraction = st.floats(
    min_value=0.0, max_value=1.0, exclude_max=True, allow_nan=False, allow_infinity=False
)
_positive = st.floats(min_value=1e-12, max_value=1e6, allow_nan=False, allow_infinity=False)
_lr = st.floats(min_value=1e-12, max_value=10.0, allow_nan=False, allow_infinity=False)
_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_/.0123456789 -:#'\"", min_size=1, max_size=20)


@st.composite
def backbones(draw: st.DrawFn) -> dict[str, object]:
    levels = sorted(draw(st.sets(st.integers(2, 5), min_size=1)))
    kind = draw(st.sampled_from(["resnet", "tiny", "torchvision"]))
    weights = draw(st.none() | _name)
    if kind == "resnet":
        return {
            "type": "resnet",
            "depth": draw(st.sampled_from([18, 34, 50, 101])),
            "out_levels": levels,
            "frozen_stages": draw(st.integers(0, 5)),
            "norm": draw(st.sampled_from(["frozen_bn", "bn", "gn"])),
            "weights": weights,
        }
    if kind == "tiny":
        channels = draw(st.lists(st.integers(1, 512), min_size=4, max_size=4))
        return {"type": "tiny", "channels": channels, "out_levels": levels, "weights": weights}
    nodes = draw(st.dictionaries(_name, _name, min_size=1, max_size=3, dict_class=dict))
    unique = {key: f"{value}{i}" for i, (key, value) in enumerate(nodes.items())}
    return {"type": "torchvision", "model": "resnet18", "return_nodes": unique, "weights": weights}


@st.composite
def heads(draw: st.DrawFn) -> dict[str, object]:
    common: dict[str, object] = {
        "num_classes": draw(st.integers(1, 1000)),
        "num_convs": draw(st.integers(0, 8)),
        "prior_probability": draw(
            st.floats(min_value=1e-6, max_value=0.999, allow_nan=False, allow_infinity=False)
        ),
    }
    if draw(st.booleans()):
        return {"type": "fcos", **common, "center_sampling_radius": draw(_positive)}
    return {
        "type": "retinanet",
        **common,
        "aspect_ratios": draw(st.lists(_positive, min_size=1, max_size=4)),
        "box_loss": draw(st.sampled_from(["smooth_l1", "l1", "giou"])),
        "anchor_sizes": draw(
            st.none() | st.lists(st.lists(st.integers(1, 1024), min_size=1), min_size=1)
        ),
    }


@st.composite
def schedulers(draw: st.DrawFn) -> dict[str, object]:
    kind = draw(st.sampled_from(["cosine", "step", "onecycle", "constant"]))
    warmup = draw(st.integers(0, 10_000))
    if kind == "cosine":
        return {"type": kind, "warmup_steps": warmup, "min_lr_ratio": draw(_fraction)}
    if kind == "step":
        milestones = sorted(draw(st.sets(st.integers(1, 100), min_size=1)))
        return {"type": kind, "warmup_steps": warmup, "milestones": milestones}
    if kind == "onecycle":
        return {
            "type": kind,
            "pct_start": draw(st.floats(0.01, 0.99, allow_nan=False, allow_infinity=False)),
        }
    return {"type": kind, "warmup_steps": warmup}


@st.composite
def configs(draw: st.DrawFn) -> ExperimentConfig:
    optimizer = draw(
        st.fixed_dictionaries({"type": st.just("sgd"), "lr": _lr, "momentum": _fraction})
        | st.fixed_dictionaries(
            {
                "type": st.just("adamw"),
                "lr": _lr,
                "betas": st.tuples(_fraction, _fraction).map(list),
            }
        )
    )
    dataset = st.fixed_dictionaries({"images": _name, "annotations": _name})
    data = {
        "model": {
            "backbone": draw(backbones()),
            "neck": draw(
                st.none() | st.just({"type": "fpn", "channels": 64, "out_levels": [3, 4, 5]})
            ),
            "head": draw(heads()),
            "postprocess": {
                "score_threshold": draw(_fraction),
                "max_detections": draw(st.integers(1, 1000)),
            },
        },
        "data": {
            "train": draw(dataset),
            "val": draw(st.none() | dataset),
            "image_size": draw(st.lists(st.integers(1, 4096), min_size=2, max_size=2)),
            "batch_size": draw(st.integers(1, 512)),
        },
        "train": {
            "epochs": draw(st.integers(1, 1000)),
            "seed": draw(st.integers(0, 2**32 - 1)),
            "optimizer": optimizer,
            "scheduler": draw(schedulers()),
            "grad_clip_norm": draw(st.none() | _positive),
            "output_dir": draw(_name),
        },
    }
    return ExperimentConfig.model_validate(data)


@given(configs())
def test_config_to_yaml_and_back_is_the_same_config(config: ExperimentConfig) -> None:
    assert parse_config(dump_config(config)) == config


def test_the_yaml_writes_every_default() -> None:
    config = parse_config(
        "model: {backbone: {type: resnet}, head: {type: fcos, num_classes: 2}}\n"
        "data: {train: {images: i, annotations: a.json}}\n"
    )
    text = dump_config(config)
    assert "frozen_stages: 1" in text
    assert "image_size: [512, 512]" in text
