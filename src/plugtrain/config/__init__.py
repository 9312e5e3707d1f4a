"""Experiment configs: pydantic models and safe YAML reading with file:line:column issues.

Imports no torch and nothing of plugtrain but ``plugtrain.errors`` (a test enforces it), so
``plugtrain validate --no-dry-run`` and ``plugtrain schema`` stay light. The checks that need
parts (FeatureSpecs, weights, the dry run) are in ``plugtrain.validation``.
"""

from plugtrain.config._augment import (
    AugmentConfig,
    CropConfig,
    IoUCropConfig,
    MosaicConfig,
    PhotometricConfig,
    RandomCropConfig,
)
from plugtrain.config._checks import (
    AnnotationsInfo,
    CheckResult,
    SetFacts,
    check_image_folder,
    read_annotations,
    static_checks,
)
from plugtrain.config._codes import ISSUE_CODES, ISSUE_SEVERITY, Severity, issue_severity
from plugtrain.config._data import (
    CocoDatasetConfig,
    DataConfig,
    DatasetConfig,
    DatasetFormat,
    FolderDatasetConfig,
    ImagesDatasetConfig,
    SetConfig,
)
from plugtrain.config._ema import EmaConfig
from plugtrain.config._ema_schedule import (
    default_warmup_updates,
    ema_decay_at,
    first_weights_share,
)
from plugtrain.config._experiment import ExperimentConfig
from plugtrain.config._findings import Finding, Path, format_loc
from plugtrain.config._heads import ClassificationHeadConfig
from plugtrain.config._load import SchemaResult, load_config, parse_config, validate_source
from plugtrain.config._metrics import METRIC_GOALS, MetricGoal, MetricName
from plugtrain.config._model import (
    BackboneConfig,
    FCOSHeadConfig,
    FPNConfig,
    HeadConfig,
    ModelConfig,
    PostprocessConfig,
    ResNetBackboneConfig,
    RetinaNetHeadConfig,
    TinyBackboneConfig,
    TorchvisionBackboneConfig,
)
from plugtrain.config._overrides import Override
from plugtrain.config._schema import config_json_schema, dump_config, schema_text
from plugtrain.config._source import ConfigSource, config_source_from_text, read_config_source
from plugtrain.config._task import (
    DETECTOR_TASKS,
    TASK_TYPES,
    ClassificationTaskConfig,
    DetectionTaskConfig,
    TaskConfig,
    TaskConfigBase,
    TaskRequirements,
    as_task,
)
from plugtrain.config._task_autoencoder import AutoencoderTaskConfig, ReconstructionHeadConfig
from plugtrain.config._task_checks import check_task
from plugtrain.config._task_contrastive import (
    ContrastiveTaskConfig,
    ProjectionHeadConfig,
    ViewsConfig,
)
from plugtrain.config._task_domain import DomainAdversarialTaskConfig
from plugtrain.config._task_semi import SemiSupervisedTaskConfig, semi_epoch_items
from plugtrain.config._tracking import MlflowConfig, TrackingConfig
from plugtrain.config._train import (
    AdamWConfig,
    ConstantSchedulerConfig,
    CosineSchedulerConfig,
    EvalConfig,
    OneCycleSchedulerConfig,
    OptimizerConfig,
    SchedulerConfig,
    SGDConfig,
    StepSchedulerConfig,
    TrainConfig,
)
from plugtrain.config._two_stage import (
    ConvFCBoxHeadConfig,
    FasterRCNNHeadConfig,
    ProposalSamplerConfig,
    RoIPoolerConfig,
    RPNConfig,
    TopNConfig,
    TwoMLPBoxHeadConfig,
)
from plugtrain.config._yaml import MAX_EXPANDED_NODES

__all__ = [
    "DETECTOR_TASKS",
    "ISSUE_CODES",
    "ISSUE_SEVERITY",
    "MAX_EXPANDED_NODES",
    "METRIC_GOALS",
    "TASK_TYPES",
    "AdamWConfig",
    "AnnotationsInfo",
    "AugmentConfig",
    "AutoencoderTaskConfig",
    "BackboneConfig",
    "CheckResult",
    "ClassificationHeadConfig",
    "ClassificationTaskConfig",
    "CocoDatasetConfig",
    "ConfigSource",
    "ConstantSchedulerConfig",
    "ContrastiveTaskConfig",
    "ConvFCBoxHeadConfig",
    "CosineSchedulerConfig",
    "CropConfig",
    "DataConfig",
    "DatasetConfig",
    "DatasetFormat",
    "DetectionTaskConfig",
    "DomainAdversarialTaskConfig",
    "EmaConfig",
    "EvalConfig",
    "ExperimentConfig",
    "FCOSHeadConfig",
    "FPNConfig",
    "FasterRCNNHeadConfig",
    "Finding",
    "FolderDatasetConfig",
    "HeadConfig",
    "ImagesDatasetConfig",
    "IoUCropConfig",
    "MetricGoal",
    "MetricName",
    "MlflowConfig",
    "ModelConfig",
    "MosaicConfig",
    "OneCycleSchedulerConfig",
    "OptimizerConfig",
    "Override",
    "Path",
    "PhotometricConfig",
    "PostprocessConfig",
    "ProjectionHeadConfig",
    "ProposalSamplerConfig",
    "RPNConfig",
    "RandomCropConfig",
    "ReconstructionHeadConfig",
    "ResNetBackboneConfig",
    "RetinaNetHeadConfig",
    "RoIPoolerConfig",
    "SGDConfig",
    "SchedulerConfig",
    "SchemaResult",
    "SemiSupervisedTaskConfig",
    "SetConfig",
    "SetFacts",
    "Severity",
    "StepSchedulerConfig",
    "TaskConfig",
    "TaskConfigBase",
    "TaskRequirements",
    "TinyBackboneConfig",
    "TopNConfig",
    "TorchvisionBackboneConfig",
    "TrackingConfig",
    "TrainConfig",
    "TwoMLPBoxHeadConfig",
    "ViewsConfig",
    "as_task",
    "check_image_folder",
    "check_task",
    "config_json_schema",
    "config_source_from_text",
    "default_warmup_updates",
    "dump_config",
    "ema_decay_at",
    "first_weights_share",
    "format_loc",
    "issue_severity",
    "load_config",
    "parse_config",
    "read_annotations",
    "read_config_source",
    "schema_text",
    "semi_epoch_items",
    "static_checks",
    "validate_source",
]
