//! Windows protection (3.1.1.d, 4.1.2.*, 4.3.3.*, 4.3.4.*, 4.3.5.a, 6.1.2.*): Security Center antivirus, Defender, firewall profiles, BitLocker, Windows Update, licensing, event logs, network adapters, Wi-Fi profiles, UPS, OS build.

use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityEvidence {}

/// Collects this part on a live Windows system.
pub fn collect(_sys: &Sys) -> SecurityEvidence {
    SecurityEvidence::default()
}
