//! Graphical sessions and their screen locks (4.3.2.a, 4.3.2.c): GNOME (dconf), KDE Plasma, Cinnamon, MATE, Xfce.

use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesktopEvidence {}

/// Collects this area's tables.
pub fn collect(_sys: &Sys) -> DesktopEvidence {
    DesktopEvidence::default()
}
