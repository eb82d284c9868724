//! The built-in sections.

mod claims;
mod entities;
mod evidence;
mod mechanisms;
mod overview;
mod provenance;
mod references;

use std::sync::Arc;

use briefing_model::ClaimCategory;

use crate::error::Error;
use crate::labels;
use crate::plugin::{Section, SectionContext};
use crate::view::{SectionBody, SectionOutput};

/// A built-in section: a name, a heading and a function.
struct Builtin {
    name: &'static str,
    title: &'static str,
    build: fn(&SectionContext<'_>) -> SectionBody,
}

impl Section for Builtin {
    fn name(&self) -> &str {
        self.name
    }

    fn build(&self, ctx: &SectionContext<'_>) -> Result<SectionOutput, Error> {
        Ok(SectionOutput::new(self.name, self.title, (self.build)(ctx)))
    }
}

pub(crate) fn builtins() -> Vec<Arc<dyn Section>> {
    let list: [Builtin; 9] = [
        Builtin {
            name: "overview",
            title: "Overview",
            build: overview::build,
        },
        Builtin {
            name: "mechanisms",
            title: "Mechanisms",
            build: mechanisms::build,
        },
        Builtin {
            name: "outcomes",
            title: labels::category_plural(ClaimCategory::Outcome),
            build: |ctx| claims::build(ctx, ClaimCategory::Outcome),
        },
        Builtin {
            name: "bottlenecks",
            title: labels::category_plural(ClaimCategory::Bottleneck),
            build: |ctx| claims::build(ctx, ClaimCategory::Bottleneck),
        },
        Builtin {
            name: "strategies",
            title: labels::category_plural(ClaimCategory::Strategy),
            build: |ctx| claims::build(ctx, ClaimCategory::Strategy),
        },
        Builtin {
            name: "evidence",
            title: "Evidence profile",
            build: evidence::build,
        },
        Builtin {
            name: "entities",
            title: "Entity index",
            build: entities::build,
        },
        Builtin {
            name: "references",
            title: "References",
            build: references::build,
        },
        Builtin {
            name: "provenance",
            title: "Provenance",
            build: provenance::build,
        },
    ];
    list.into_iter()
        .map(|b| Arc::new(b) as Arc<dyn Section>)
        .collect()
}
