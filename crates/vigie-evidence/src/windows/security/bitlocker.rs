//! BitLocker (and Windows Home's "device encryption", which is BitLocker
//! underneath): `Get-BitLockerVolume` (BitLocker module; administrator
//! only), `manage-bde -status` as a fallback (its text is translated: only
//! numbers and on/off words are relied upon), and `Win32_LogicalDisk` to tell
//! fixed from removable drives.

use super::json;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `Microsoft.BitLocker.Structures` enumerations, for PowerShell 5.1's numbers.
const VOLUME_STATUS: &[(i64, &str)] = &[
    (0, "FullyDecrypted"),
    (1, "FullyEncrypted"),
    (2, "EncryptionInProgress"),
    (3, "DecryptionInProgress"),
    (4, "EncryptionSuspended"),
    (5, "DecryptionSuspended"),
];
const PROTECTION_STATUS: &[(i64, &str)] = &[(0, "Off"), (1, "On"), (2, "Unknown")];
const VOLUME_TYPE: &[(i64, &str)] = &[(0, "OperatingSystem"), (1, "Data")];

/// One volume as BitLocker sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    /// "C:", or a volume path for volumes without a letter.
    pub mount_point: String,
    /// "OperatingSystem" or "Data".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<String>,
    /// "FullyEncrypted", "FullyDecrypted", "EncryptionInProgress"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_status: Option<String>,
    /// "On" (the key is protected), "Off" (not encrypted, suspended, or
    /// encrypted with its key in clear, as device encryption waiting for
    /// activation), "Unknown" (locked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_percentage: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_status: Option<String>,
    /// Key protector types (Tpm, RecoveryPassword, Password...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_protectors: Vec<String>,
}

impl Volume {
    pub fn is_os(&self) -> bool {
        self.volume_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("OperatingSystem"))
    }
    /// The drive letter with its colon ("C:"), when the volume has one.
    pub fn letter(&self) -> Option<String> {
        let m = self.mount_point.trim().trim_end_matches('\\');
        let mut c = m.chars();
        match (c.next(), c.next(), c.next()) {
            (Some(l), Some(':'), None) if l.is_ascii_alphabetic() => {
                Some(format!("{}:", l.to_ascii_uppercase()))
            }
            _ => None,
        }
    }
    fn status_is(&self, s: &str) -> bool {
        self.volume_status
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case(s))
    }
    pub fn fully_encrypted(&self) -> bool {
        self.status_is("FullyEncrypted")
    }
    pub fn fully_decrypted(&self) -> bool {
        self.status_is("FullyDecrypted")
    }
    pub fn protection_on(&self) -> Option<bool> {
        match self
            .protection_status
            .as_deref()?
            .to_ascii_lowercase()
            .as_str()
        {
            "on" => Some(true),
            "off" => Some(false),
            _ => None,
        }
    }
}

/// Parses `Get-BitLockerVolume | Select-Object ... | ConvertTo-Json`.
pub fn parse_volumes(text: &str) -> Result<Vec<Volume>, String> {
    let mut out = Vec::new();
    for v in json::objects(text)? {
        let Some(mount_point) = json::text(&v, "MountPoint") else {
            continue;
        };
        out.push(Volume {
            mount_point,
            volume_type: json::enumeration(&v, "VolumeType", VOLUME_TYPE),
            volume_status: json::enumeration(&v, "VolumeStatus", VOLUME_STATUS),
            protection_status: json::enumeration(&v, "ProtectionStatus", PROTECTION_STATUS),
            encryption_method: json::text(&v, "EncryptionMethod"),
            encryption_percentage: json::integer(&v, "EncryptionPercentage")
                .and_then(|p| u32::try_from(p).ok()),
            lock_status: json::text(&v, "LockStatus"),
            key_protectors: json::list(&v, "KeyProtector")
                .into_iter()
                .filter_map(|k| match k {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
        });
    }
    Ok(out)
}

/// Parses `manage-bde -status`, English or French. Labels are recognised by
/// words common to both languages' wording ("Conversion", "Protection",
/// percentage/pourcentage, method/méthode); the verdict rests on the
/// percentage encrypted (a number in both) and on the protection's on/off
/// word ("Protection On" / "La protection est activée"). Accented letters
/// may arrive mangled by the console code page: matches avoid them.
pub fn parse_manage_bde(text: &str) -> Result<Vec<Volume>, String> {
    let mut out: Vec<Volume> = Vec::new();
    let mut in_protectors = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            in_protectors = false;
            continue;
        }
        if let Some(rest) = line.strip_prefix("Volume ") {
            let mut c = rest.chars();
            if let (Some(l), Some(':')) = (c.next(), c.next()) {
                if l.is_ascii_alphabetic() {
                    out.push(Volume {
                        mount_point: format!("{}:", l.to_ascii_uppercase()),
                        volume_type: Some("Data".into()),
                        volume_status: None,
                        protection_status: None,
                        encryption_method: None,
                        encryption_percentage: None,
                        lock_status: None,
                        key_protectors: Vec::new(),
                    });
                    in_protectors = false;
                    continue;
                }
            }
        }
        let Some(vol) = out.last_mut() else { continue };
        if line.starts_with('[') && line.ends_with(']') {
            let l = line.to_lowercase();
            if l.contains("os volume") || l.contains("syst") {
                vol.volume_type = Some("OperatingSystem".into());
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            if in_protectors {
                vol.key_protectors.push(line.to_string());
            }
            continue;
        };
        let key = key.trim().to_lowercase();
        let value = value.trim();
        in_protectors = false;
        if key.contains("percentage") || key.contains("pourcentage") {
            let digits: String = value.chars().take_while(|c| c.is_ascii_digit()).collect();
            vol.encryption_percentage = digits.parse().ok();
            vol.volume_status = vol.encryption_percentage.map(|p| {
                match p {
                    0 => "FullyDecrypted",
                    100 => "FullyEncrypted",
                    _ => "EncryptionInProgress",
                }
                .to_string()
            });
        } else if key.contains("protect") && (key.contains("key") || key.contains("cl")) {
            in_protectors = true;
            if !value.is_empty() {
                vol.key_protectors.push(value.to_string());
            }
        } else if key.contains("protection") {
            let v = value.to_lowercase();
            let words: Vec<&str> = v.split(|c: char| !c.is_alphanumeric()).collect();
            vol.protection_status = Some(
                if words.contains(&"off") || v.contains("sactiv") {
                    "Off"
                } else if words.contains(&"on") || v.contains("activ") {
                    "On"
                } else {
                    "Unknown"
                }
                .to_string(),
            );
        } else if key.contains("method") || key.contains("thode") {
            vol.encryption_method = Some(value.to_string());
        } else if key.starts_with("lock") || key.contains("tat du verrouillage") {
            vol.lock_status = Some(value.to_string());
        }
    }
    if out.is_empty() {
        return Err("no volume in manage-bde's output".into());
    }
    Ok(out)
}

/// A drive letter and its kind (`Win32_LogicalDisk`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogicalDisk {
    /// "C:".
    pub device_id: String,
    /// 2 removable, 3 local fixed, 4 network, 5 optical, 6 RAM disk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_type: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_system: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
}

impl LogicalDisk {
    pub fn removable(&self) -> bool {
        self.drive_type == Some(2)
    }
    pub fn fixed(&self) -> bool {
        self.drive_type == Some(3)
    }
}

/// Parses `Get-CimInstance Win32_LogicalDisk | Select-Object ...`.
pub fn parse_logical_disks(text: &str) -> Result<Vec<LogicalDisk>, String> {
    Ok(json::objects(text)?
        .iter()
        .filter_map(|v| {
            Some(LogicalDisk {
                device_id: json::text(v, "DeviceID")?.to_ascii_uppercase(),
                drive_type: json::integer(v, "DriveType").and_then(|t| u32::try_from(t).ok()),
                file_system: json::text(v, "FileSystem"),
                volume_name: json::text(v, "VolumeName").filter(|n| !n.is_empty()),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_from_the_cmdlet() {
        let text = r#"[
    {"MountPoint": "C:", "VolumeType": "OperatingSystem", "VolumeStatus": "FullyEncrypted", "ProtectionStatus": "On", "EncryptionMethod": "XtsAes128", "EncryptionPercentage": 100, "LockStatus": "Unlocked", "KeyProtector": ["Tpm", "RecoveryPassword"]},
    {"MountPoint": "E:", "VolumeType": 1, "VolumeStatus": 0, "ProtectionStatus": 0, "EncryptionMethod": "None", "EncryptionPercentage": 0, "KeyProtector": []}
]"#;
        let v = parse_volumes(text).unwrap();
        assert!(v[0].is_os() && v[0].fully_encrypted());
        assert_eq!(v[0].protection_on(), Some(true));
        assert_eq!(v[0].key_protectors, ["Tpm", "RecoveryPassword"]);
        assert_eq!(v[1].letter().as_deref(), Some("E:"));
        assert!(v[1].fully_decrypted() && !v[1].is_os());
        assert_eq!(v[1].protection_on(), Some(false));
    }

    #[test]
    fn manage_bde_in_english_and_french() {
        let en = "BitLocker Drive Encryption: Configuration Tool version 10.0.22621\nCopyright (C) 2013 Microsoft Corporation. All rights reserved.\n\nDisk volumes that can be protected with\nBitLocker Drive Encryption:\nVolume C: [Windows]\n[OS Volume]\n\n    Size:                 475.83 GB\n    BitLocker Version:    2.0\n    Conversion Status:    Used Space Only Encrypted\n    Percentage Encrypted: 100.0%\n    Encryption Method:    XTS-AES 128\n    Protection Status:    Protection On\n    Lock Status:          Unlocked\n    Identification Field: Unknown\n    Key Protectors:\n        TPM\n        Numerical Password\n\nVolume D: [Data]\n[Data Volume]\n\n    Size:                 931.50 GB\n    BitLocker Version:    None\n    Conversion Status:    Fully Decrypted\n    Percentage Encrypted: 0.0%\n    Encryption Method:    None\n    Protection Status:    Protection Off\n    Lock Status:          Unlocked\n    Identification Field: None\n    Automatic Unlock:     Disabled\n    Key Protectors:       None Found\n";
        let v = parse_manage_bde(en).unwrap();
        assert_eq!(v.len(), 2);
        assert!(v[0].is_os() && v[0].fully_encrypted());
        assert_eq!(v[0].protection_on(), Some(true));
        assert_eq!(v[0].key_protectors, ["TPM", "Numerical Password"]);
        assert!(v[1].fully_decrypted() && !v[1].is_os());
        assert_eq!(v[1].protection_on(), Some(false));

        let fr = "Chiffrement de lecteur BitLocker : outil de configuration version 10.0.19045\nCopyright (C) 2013 Microsoft Corporation. Tous droits réservés.\n\nVolume C: [Windows]\n[Volume du système d'exploitation]\n\n    Taille :                         237,86 Go\n    Version de BitLocker :           2.0\n    État de la conversion :          Chiffrement de l'espace utilisé uniquement\n    Pourcentage chiffré :            100,0%\n    Méthode de chiffrement :         XTS-AES 128\n    État de la protection :          La protection est désactivée\n    État du verrouillage :           Déverrouillé\n";
        let v = parse_manage_bde(fr).unwrap();
        assert!(v[0].is_os() && v[0].fully_encrypted());
        assert_eq!(v[0].protection_on(), Some(false));
        assert!(parse_manage_bde("ERROR").is_err());
    }

    #[test]
    fn logical_disks() {
        let text = r#"[{"DeviceID":"C:","DriveType":3,"FileSystem":"NTFS","VolumeName":""},{"DeviceID":"E:","DriveType":2,"FileSystem":"FAT32","VolumeName":"CLE USB"}]"#;
        let d = parse_logical_disks(text).unwrap();
        assert!(d[0].fixed() && d[1].removable());
        assert_eq!(d[0].volume_name, None);
    }
}
