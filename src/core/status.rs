//! Where an EM run stands: running, finished, or stopped by a degenerate component. Its own
//! module because the run (`em`) and the M-step (`mstep`) both report it.

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Converged,
    MaxIterReached,
    /// The component's responsibilities sum to (almost) nothing: it has no points.
    EmptyComponent(usize),
    /// The component's covariance is not positive definite, even with `reg_covar`.
    SingularCovariance(usize),
}

impl RunStatus {
    pub fn is_finished(self) -> bool {
        self != RunStatus::Running
    }

    pub fn is_degenerate(self) -> bool {
        matches!(
            self,
            RunStatus::EmptyComponent(_) | RunStatus::SingularCovariance(_)
        )
    }

    /// A stable machine-readable name (JSON `status`).
    pub fn name(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Converged => "converged",
            RunStatus::MaxIterReached => "max_iter_reached",
            RunStatus::EmptyComponent(_) => "empty_component",
            RunStatus::SingularCovariance(_) => "singular_covariance",
        }
    }

    /// A sentence for people; components are numbered from 1.
    pub fn describe(self) -> String {
        match self {
            RunStatus::Running => "running".into(),
            RunStatus::Converged => "converged".into(),
            RunStatus::MaxIterReached => "stopped at max_iter without converging".into(),
            RunStatus::EmptyComponent(c) => {
                format!(
                    "component {} lost all its points (degenerate); try fewer components",
                    c + 1
                )
            }
            RunStatus::SingularCovariance(c) => format!(
                "component {} has a singular covariance (degenerate); raise --reg-covar or scale the data",
                c + 1
            ),
        }
    }
}
