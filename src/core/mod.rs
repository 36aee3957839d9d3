//! The EM engine: data, starts, the fused E/M pass, runs and restarts. Pure computation: nothing
//! here knows about terminals or command lines.

pub mod climb;
pub mod dataset;
pub mod em;
pub mod error;
pub mod fit;
pub mod init;
pub mod input;
pub mod kernel;
pub mod linalg;
pub mod matching;
pub mod model;
pub mod model_file;
pub mod mstep;
pub mod predict;
pub mod sample;
pub mod scenario;
pub mod select;
pub mod sklearn_fit;
pub mod spurious;
pub mod status;
pub mod unique_keys;

pub use dataset::Dataset;
pub use em::{EmRun, EmSettings, Nudge};
pub use error::InputError;
pub use fit::{FitOptions, FitResult, Preference, RestartResult, fit};
pub use init::{InitMethod, Start};
pub use model::{CovarianceType, Gmm};
pub use status::RunStatus;
