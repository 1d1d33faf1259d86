//! The memento's two providers: A, who maintains the computers, and B, who
//! hosts the practice software and its data (and must then be certified
//! HDS, "hébergeur de données de santé").

use crate::{is_requirement_id, Lang, ValidationError};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::Date;

/// Days before an HDS certificate's expiry when the report starts warning.
pub const HDS_EXPIRY_NOTICE_DAYS: i64 = 90;

/// The memento's provider roles (its A and B cartouches).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Role {
    /// Maintenance provider.
    A,
    /// Hosting provider.
    B,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::A, Role::B];

    pub fn code(self) -> &'static str {
        match self {
            Role::A => "A",
            Role::B => "B",
        }
    }

    /// `A`/`B`, either case.
    pub fn from_code(code: &str) -> Option<Role> {
        match code.trim() {
            "A" | "a" => Some(Role::A),
            "B" | "b" => Some(Role::B),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::A, Lang::Fr) => "prestataire de maintenance (A)",
            (Role::B, Lang::Fr) => "hébergeur (B)",
            (Role::A, Lang::En) => "maintenance provider (A)",
            (Role::B, Lang::En) => "hosting provider (B)",
        }
    }

    /// Whether the memento's cartouche lets a requirement be delegated to
    /// this role.
    pub fn allowed_by(self, delegation: vigie_catalog::Delegation) -> bool {
        match self {
            Role::A => delegation.includes_a(),
            Role::B => delegation.includes_b(),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A provider the practice has a contract with. One per role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub role: Role,
    /// The company's name.
    pub name: String,
    /// Who to call: a name, a phone number, an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The date the contract was signed (YYYY-MM-DD).
    #[serde(
        default,
        with = "crate::dates::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub contract_date: Option<Date>,
    /// Hosting provider only: its HDS certificate number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hds_certificate: Option<String>,
    /// Hosting provider only: the HDS certificate's expiry date (YYYY-MM-DD).
    #[serde(
        default,
        with = "crate::dates::date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub hds_expiry: Option<Date>,
}

impl Provider {
    /// Refuses what cannot be right: no name, or an HDS certificate for the
    /// maintenance provider. What may be right but needs attention (an
    /// expired certificate) is a [`ProviderWarning`], not an error: the
    /// record must be able to say so.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.name.trim().is_empty() {
            return Err(ValidationError::EmptyProviderName);
        }
        if self.role == Role::A && (self.hds_certificate.is_some() || self.hds_expiry.is_some()) {
            return Err(ValidationError::HdsOnMaintenanceProvider);
        }
        Ok(())
    }

    /// What the report flags about this provider at `as_of`.
    pub fn warnings(&self, as_of: Date) -> Vec<ProviderWarning> {
        let mut out = Vec::new();
        if self.role != Role::B {
            return out;
        }
        if self
            .hds_certificate
            .as_deref()
            .is_none_or(|c| c.trim().is_empty())
        {
            out.push(ProviderWarning::HdsCertificateMissing);
        }
        match self.hds_expiry {
            None => out.push(ProviderWarning::HdsExpiryMissing),
            Some(expiry) if expiry < as_of => out.push(ProviderWarning::HdsExpired { expiry }),
            Some(expiry) if (expiry - as_of).whole_days() <= HDS_EXPIRY_NOTICE_DAYS => {
                out.push(ProviderWarning::HdsExpiresSoon { expiry })
            }
            Some(_) => {}
        }
        out
    }
}

/// Something about a provider that the practitioner should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum ProviderWarning {
    /// A hosting provider without a recorded HDS certificate number.
    HdsCertificateMissing,
    /// A hosting provider whose certificate expiry is not recorded.
    HdsExpiryMissing,
    /// The HDS certificate expired before the audit date.
    HdsExpired {
        #[serde(with = "crate::dates::date")]
        #[schemars(with = "String")]
        expiry: Date,
    },
    /// The HDS certificate expires within [`HDS_EXPIRY_NOTICE_DAYS`].
    HdsExpiresSoon {
        #[serde(with = "crate::dates::date")]
        #[schemars(with = "String")]
        expiry: Date,
    },
}

impl ProviderWarning {
    /// The warning in plain words.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ProviderWarning::HdsCertificateMissing, Lang::Fr) => {
                "Le numéro du certificat HDS de l'hébergeur n'est pas renseigné : demandez-le à l'hébergeur.".into()
            }
            (ProviderWarning::HdsCertificateMissing, Lang::En) => {
                "The hosting provider's HDS certificate number is not recorded: ask the provider for it.".into()
            }
            (ProviderWarning::HdsExpiryMissing, Lang::Fr) => {
                "La date d'expiration du certificat HDS de l'hébergeur n'est pas renseignée.".into()
            }
            (ProviderWarning::HdsExpiryMissing, Lang::En) => {
                "The expiry date of the hosting provider's HDS certificate is not recorded.".into()
            }
            (ProviderWarning::HdsExpired { expiry }, Lang::Fr) => format!(
                "Le certificat HDS de l'hébergeur a expiré le {} : demandez le certificat renouvelé.",
                french_date(*expiry)
            ),
            (ProviderWarning::HdsExpired { expiry }, Lang::En) => format!(
                "The hosting provider's HDS certificate expired on {expiry}: ask for the renewed certificate."
            ),
            (ProviderWarning::HdsExpiresSoon { expiry }, Lang::Fr) => format!(
                "Le certificat HDS de l'hébergeur expire le {} : vérifiez son renouvellement.",
                french_date(*expiry)
            ),
            (ProviderWarning::HdsExpiresSoon { expiry }, Lang::En) => format!(
                "The hosting provider's HDS certificate expires on {expiry}: check that it is being renewed."
            ),
        }
    }
}

fn french_date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// A requirement the practice hands over to a provider. Delegating never
/// hides a failure: the finding stays, with its owner.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    pub requirement_id: String,
    pub role: Role,
}

/// Checks that a requirement may be delegated to `role`, given what the
/// memento's cartouche for it allows (`allowed`, from the catalog).
pub fn validate_delegation(
    requirement_id: &str,
    role: Role,
    allowed: vigie_catalog::Delegation,
) -> Result<(), ValidationError> {
    if !is_requirement_id(requirement_id) {
        return Err(ValidationError::BadRequirementId(requirement_id.into()));
    }
    if role.allowed_by(allowed) {
        return Ok(());
    }
    let allowed = match allowed {
        vigie_catalog::Delegation::None => "the memento does not allow delegating it",
        vigie_catalog::Delegation::A => {
            "the memento allows delegating it to the maintenance provider (A) only"
        }
        vigie_catalog::Delegation::B => {
            "the memento allows delegating it to the hosting provider (B) only"
        }
        // Unreachable (AB allows both roles), kept for completeness.
        vigie_catalog::Delegation::AB => "the memento allows A or B",
    };
    Err(ValidationError::DelegationNotAllowed {
        requirement_id: requirement_id.into(),
        role,
        allowed: allowed.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use vigie_catalog::Delegation as Cartouche;

    fn hosting(expiry: Option<Date>) -> Provider {
        Provider {
            role: Role::B,
            name: "Hébergeur Santé SAS".into(),
            contact: Some("support@example.invalid".into()),
            contract_date: Some(date!(2024 - 03 - 01)),
            hds_certificate: Some("HDS-2024-0042".into()),
            hds_expiry: expiry,
        }
    }

    #[test]
    fn delegation_follows_the_cartouche() {
        assert_eq!(
            validate_delegation("3.1.1.a", Role::A, Cartouche::A),
            Ok(())
        );
        assert_eq!(
            validate_delegation("4.3.1.a", Role::A, Cartouche::AB),
            Ok(())
        );
        assert_eq!(
            validate_delegation("4.3.1.a", Role::B, Cartouche::AB),
            Ok(())
        );
        let err = validate_delegation("3.1.1.a", Role::B, Cartouche::A).unwrap_err();
        assert!(
            err.to_string().contains("maintenance provider (A) only"),
            "{err}"
        );
        let err = validate_delegation("1.1.1.a", Role::A, Cartouche::None).unwrap_err();
        assert!(
            matches!(err, ValidationError::DelegationNotAllowed { ref requirement_id, role: Role::A, .. } if requirement_id == "1.1.1.a")
        );
        assert!(err.to_string().contains("does not allow"), "{err}");
        assert_eq!(
            validate_delegation("3.1.1", Role::A, Cartouche::A),
            Err(ValidationError::BadRequirementId("3.1.1".into()))
        );
    }

    #[test]
    fn hds_expiry_in_the_past_is_flagged() {
        let as_of = date!(2026 - 11 - 28);
        let p = hosting(Some(date!(2026 - 06 - 30)));
        assert_eq!(p.validate(), Ok(()), "recorded, not refused");
        let w = p.warnings(as_of);
        assert_eq!(
            w,
            vec![ProviderWarning::HdsExpired {
                expiry: date!(2026 - 06 - 30)
            }]
        );
        assert!(w[0].message(Lang::Fr).contains("a expiré le 30/06/2026"));
        assert!(w[0].message(Lang::En).contains("expired on 2026-06-30"));
        // Expiring on the audit day is not yet expired, but soon.
        assert_eq!(
            hosting(Some(as_of)).warnings(as_of),
            vec![ProviderWarning::HdsExpiresSoon { expiry: as_of }]
        );
        assert!(hosting(Some(date!(2027 - 11 - 28)))
            .warnings(as_of)
            .is_empty());
        assert_eq!(
            hosting(None).warnings(as_of),
            vec![ProviderWarning::HdsExpiryMissing]
        );
        let mut no_cert = hosting(Some(date!(2027 - 11 - 28)));
        no_cert.hds_certificate = None;
        assert_eq!(
            no_cert.warnings(as_of),
            vec![ProviderWarning::HdsCertificateMissing]
        );
    }

    #[test]
    fn hds_is_for_the_hosting_provider_only() {
        let mut p = hosting(None);
        p.role = Role::A;
        assert_eq!(p.validate(), Err(ValidationError::HdsOnMaintenanceProvider));
        p.hds_certificate = None;
        assert_eq!(p.validate(), Ok(()));
        assert!(p.warnings(date!(2026 - 11 - 28)).is_empty());
        p.name = "".into();
        assert_eq!(p.validate(), Err(ValidationError::EmptyProviderName));
    }

    #[test]
    fn dates_serialise_as_iso_days() {
        let json = serde_json::to_value(hosting(Some(date!(2027 - 01 - 31)))).unwrap();
        assert_eq!(json["hds_expiry"], "2027-01-31");
        assert_eq!(json["contract_date"], "2024-03-01");
        assert_eq!(json["role"], "B");
        let back: Provider = serde_json::from_value(json).unwrap();
        assert_eq!(back, hosting(Some(date!(2027 - 01 - 31))));
    }
}
