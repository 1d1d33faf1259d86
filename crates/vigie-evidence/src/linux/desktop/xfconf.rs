//! Xfconf channel files (`xfce-perchannel-xml/CHANNEL.xml`): nested
//! `<property name type value>` elements, flattened to `/a/b` names. In a
//! system file (under `/etc/xdg`), a `locked` attribute on the channel or a
//! property names who may not override it (`*` for everyone); xfconfd then
//! ignores the user's value (`xfconf-backend-perchannel-xml.c`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One channel file, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XfconfChannel {
    pub path: String,
    /// The channel's `locked` attribute (system files only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<String>,
    pub properties: Vec<XfconfProperty>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XfconfProperty {
    /// "/saver/idle-activation/delay".
    pub name: String,
    /// Xfconf type: "bool", "int", "uint", "string", "empty"...
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub line: u32,
    /// The property's `locked` attribute (system files only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<String>,
}

impl XfconfChannel {
    pub fn get(&self, name: &str) -> Option<&XfconfProperty> {
        self.properties.iter().rev().find(|p| p.name == name)
    }
}

/// Parses a channel file; an error text when it is not one.
pub fn parse_channel(path: &str, text: &str) -> Result<XfconfChannel, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("invalid XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "channel" {
        return Err("not an xfconf channel file".into());
    }
    let mut channel = XfconfChannel {
        path: path.to_string(),
        locked: root
            .attribute("locked")
            .filter(|v| !v.is_empty())
            .map(String::from),
        properties: Vec::new(),
    };
    walk(&doc, root, "", &mut channel.properties);
    Ok(channel)
}

fn walk(
    doc: &roxmltree::Document,
    node: roxmltree::Node,
    prefix: &str,
    out: &mut Vec<XfconfProperty>,
) {
    for child in node.children().filter(|c| c.has_tag_name("property")) {
        let Some(name) = child.attribute("name") else {
            continue;
        };
        let full = format!("{prefix}/{name}");
        out.push(XfconfProperty {
            name: full.clone(),
            kind: child.attribute("type").unwrap_or("").to_string(),
            value: child.attribute("value").map(String::from),
            line: doc.text_pos_at(child.range().start).row,
            locked: child
                .attribute("locked")
                .filter(|v| !v.is_empty())
                .map(String::from),
        });
        walk(doc, child, &full, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_nested_properties() {
        let text = r#"<?xml version="1.0" encoding="UTF-8"?>

<channel name="xfce4-screensaver" version="1.0">
  <property name="saver" type="empty">
    <property name="mode" type="int" value="0"/>
    <property name="idle-activation" type="empty">
      <property name="delay" type="int" value="45" locked="*"/>
    </property>
  </property>
  <property name="lock" type="empty">
    <property name="enabled" type="bool" value="true"/>
  </property>
</channel>
"#;
        let c = parse_channel("/x.xml", text).unwrap();
        let delay = c.get("/saver/idle-activation/delay").unwrap();
        assert_eq!(delay.value.as_deref(), Some("45"));
        assert_eq!(delay.line, 7);
        assert_eq!(delay.locked.as_deref(), Some("*"));
        assert_eq!(c.get("/lock/enabled").unwrap().kind, "bool");
        assert!(parse_channel("/x.xml", "<nope/>").is_err());
        assert!(parse_channel("/x.xml", "<channel").is_err());
    }
}
