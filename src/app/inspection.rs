//! What the understanding tools write out, computed from what is on screen: the E-step of the
//! inspected point ([`Inspection`]: per component ln πₖ + ln N(x | μₖ, Σₖ), the Mahalanobis
//! distance and the responsibility γₖ) and the M-step of the iteration for one component
//! ([`MStepFormula`]: N_k, π_k, μ_k and Σ_k with their numbers).
//!
//! Both read the parameters on screen, whichever run and place that is: at a half-step's M-half
//! the inspector's γ are those the E-step to come gives, which the next M-step uses.

use std::borrow::Cow;

use crate::core::mstep::m_step;
use crate::core::predict::{Evaluator, log_sum_exp};
use crate::core::{CovarianceType, Gmm, RunStatus};

use super::App;
use super::view::{Phase, Shown};

/// One component's part in a point's E-step.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// ln πₖ + ln N(x | μₖ, Σₖ).
    pub log_weighted: f64,
    /// The Mahalanobis distance √((x − μₖ)ᵀ Σₖ⁻¹ (x − μₖ)).
    pub distance: f64,
    /// γₖ = exp(ln πₖN(x|θₖ) − ln Σⱼ πⱼN(x|θⱼ)).
    pub responsibility: f64,
}

/// The E-step of the point nearest the inspector's cursor, under the parameters on screen.
#[derive(Clone, Debug)]
pub struct Inspection {
    /// The point's row in the data (from 0).
    pub index: usize,
    /// Its coordinates in every dimension.
    pub point: Vec<f64>,
    /// One term per component.
    pub terms: Vec<Term>,
    /// ln p(x) = ln Σⱼ πⱼN(x|θⱼ).
    pub log_density: f64,
    /// Whether the parameters are an M-step's whose E-step is still to come.
    pub phase: Phase,
    /// Groups of identical components: their terms are equal, so are their γ.
    pub identical: Vec<Vec<usize>>,
}

impl Inspection {
    /// The component with the largest γ (the first on a tie).
    pub fn most_responsible(&self) -> usize {
        (0..self.terms.len())
            .fold(None::<usize>, |best, c| match best {
                Some(b) if self.terms[b].responsibility >= self.terms[c].responsibility => best,
                _ => Some(c),
            })
            .unwrap_or(0)
    }
}

/// The E-step of `point` (row `index`) under `shown`'s parameters; `None` where a covariance
/// cannot be factorised (a degenerate end).
pub fn inspect(shown: &Shown, index: usize, point: Vec<f64>) -> Option<Inspection> {
    let evaluator = Evaluator::new(shown.model).ok()?;
    let mut weighted = vec![0.0; shown.model.k()];
    evaluator.weighted_log_prob(&point, &mut weighted);
    let log_density = log_sum_exp(&weighted);
    let terms = weighted
        .iter()
        .enumerate()
        .map(|(c, &w)| Term {
            log_weighted: w,
            distance: evaluator.squared_distance(c, &point).sqrt(),
            responsibility: (w - log_density).exp(),
        })
        .collect();
    Some(Inspection {
        index,
        point,
        terms,
        log_density,
        phase: shown.phase,
        identical: shown.groups.clone(),
    })
}

/// The M-step of the iteration on screen for one component, with its numbers: from the
/// responsibilities of θ_t (the colours) to θ_{t+1}.
#[derive(Clone, Debug)]
pub struct MStepFormula {
    /// The component written out (from 0).
    pub component: usize,
    /// Whether it follows the inspected point (its most responsible component) or was chosen.
    pub follows_point: bool,
    /// The iteration t the M-step starts from.
    pub from: usize,
    /// Whether the M-step is done and on screen (a half-step's M-half), or to come.
    pub done: bool,
    /// Whether it comes after the run's end: the one more step EM did not take.
    pub after_end: bool,
    /// N, the points.
    pub n: usize,
    /// N_k = Σᵢ γᵢₖ (the E-step pass's sum).
    pub nk: f64,
    pub covariance_type: CovarianceType,
    pub reg_covar: f64,
    /// θ_{t+1}, or why the M-step fails (a component emptied).
    pub next: Result<Gmm, RunStatus>,
    /// Components identical to this one (itself included), whose numbers are the same.
    pub identical: Option<Vec<usize>>,
}

impl MStepFormula {
    /// π_k of θ_{t+1}.
    pub fn weight(&self) -> Option<f64> {
        self.next.as_ref().ok().map(|m| m.weights[self.component])
    }

    /// μ_k of θ_{t+1}.
    pub fn mean(&self) -> Option<&[f64]> {
        self.next.as_ref().ok().map(|m| m.mean(self.component))
    }

    /// Σ_k of θ_{t+1} (D×D whatever the type; tied: the one shared).
    pub fn covariance(&self) -> Option<Cow<'_, [f64]>> {
        self.next
            .as_ref()
            .ok()
            .map(|m| m.covariance(self.component))
    }
}

impl App {
    /// The E-step of the point nearest the inspector's cursor, while the inspector is on.
    pub fn inspection(&self) -> Option<Inspection> {
        let index = self.inspector.nearest(&self.plot)?;
        let shown = self.shown()?;
        inspect(&shown, index, self.data.point(index))
    }

    /// The M-step formulas of the iteration on screen, while the panel is open, for the
    /// component chosen (`g`), else the inspected point's most responsible one, else the
    /// first. `None` while the pass of the place on screen is being computed.
    pub fn formula(&self) -> Option<MStepFormula> {
        if !self.formulas.open() {
            return None;
        }
        self.formula_of(self.inspection().as_ref())
    }

    /// The M-step formulas on screen, for `inspection`'s point (if any).
    fn formula_of(&self, inspection: Option<&Inspection>) -> Option<MStepFormula> {
        let shown = self.shown()?;
        let moments = shown.moments?;
        let k = shown.model.k();
        let (component, follows_point) = match (self.formulas.chosen(), inspection) {
            (Some(c), _) => (c % k.max(1), false),
            (None, Some(inspection)) => (inspection.most_responsible(), true),
            (None, None) => (0, false),
        };
        let done = shown.phase == Phase::AfterMStep;
        let after_end = !done
            && self
                .runs
                .em_of(shown.number)
                .is_some_and(|em| em.status().is_finished() && em.iteration() == shown.iteration);
        let next = if done {
            Ok(shown.model.clone())
        } else {
            m_step(moments, shown.model, self.options.settings.reg_covar)
        };
        Some(MStepFormula {
            component,
            follows_point,
            from: shown.iteration,
            done,
            after_end,
            n: self.data.n(),
            nk: moments.nk.get(component).copied().unwrap_or(0.0),
            covariance_type: shown.model.covariance_type,
            reg_covar: self.options.settings.reg_covar,
            next,
            identical: shown.group_of(component).map(<[usize]>::to_vec),
        })
    }
}
