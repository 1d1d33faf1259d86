//! Packet-filter rulesets, reduced to what the firewall checks need: chains
//! (their hook and policy) and, for each rule, whether it matches every
//! packet, its verdict and whether it logs. Three sources produce the same
//! model: the kernel's ruleset as `nft -j list ruleset` prints it
//! (libnftables-json(5)), an nftables configuration file (nft(8) syntax) and
//! an `iptables-save` file (iptables-persistent `rules.v4`,
//! `/etc/sysconfig/iptables`, ufw's `user.rules`).

use crate::fs::Fs;
use crate::model::Origin;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Chains and their rules.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ruleset {
    pub chains: Vec<Chain>,
    /// What could not be read or understood (an include not found, a
    /// variable used as a policy...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

impl Ruleset {
    pub fn chain(&self, family: &str, table: &str, name: &str) -> Option<&Chain> {
        self.chains
            .iter()
            .find(|c| c.family == family && c.table == table && c.name == name)
    }

    fn chain_mut(&mut self, family: &str, table: &str, name: &str) -> &mut Chain {
        let pos = self
            .chains
            .iter()
            .position(|c| c.family == family && c.table == table && c.name == name);
        let i = match pos {
            Some(i) => i,
            None => {
                self.chains.push(Chain {
                    family: family.to_string(),
                    table: table.to_string(),
                    name: name.to_string(),
                    kind: None,
                    hook: None,
                    policy: None,
                    rules: Vec::new(),
                    origin: None,
                });
                self.chains.len() - 1
            }
        };
        &mut self.chains[i]
    }

    /// Base chains attached to the `input` hook (packets for this machine).
    pub fn input_chains(&self) -> impl Iterator<Item = &Chain> {
        self.chains
            .iter()
            .filter(|c| c.hook.as_deref() == Some("input") && c.kind.as_deref() == Some("filter"))
    }
}

/// One chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    /// "ip", "ip6", "inet", "arp", "bridge", "netdev".
    pub family: String,
    pub table: String,
    pub name: String,
    /// Base chain type: "filter", "nat", "route".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Base chain hook: "input", "forward", "output"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook: Option<String>,
    /// Base chain policy as written ("accept", "drop", or a `$variable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    pub rules: Vec<Rule>,
    /// Where the chain is declared (configuration files only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// One rule, reduced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Where it is written (configuration files only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// The rule, shortened, for the report.
    pub text: String,
    /// Matches only some packets (has at least one condition).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub conditional: bool,
    /// The rule's only condition is the incoming interface (`iifname X`, `-i X`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// Its final verdict; none for a rule that only counts or logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// It logs the packets it matches.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub log: bool,
}

/// A rule's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accept,
    Drop,
    Reject,
    /// Handed to a user-space program (an IPS).
    Queue,
    Return,
    Continue,
    Jump(String),
    Goto(String),
}

const FAMILIES: &[&str] = &["ip", "ip6", "inet", "arp", "bridge", "netdev"];
const MAX_TEXT: usize = 160;

fn shorten(mut s: String) -> String {
    if s.len() > MAX_TEXT {
        let mut cut = MAX_TEXT;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

// ---------------------------------------------------------------------------
// nft -j list ruleset (libnftables-json(5))
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
struct NftDocument {
    nftables: Vec<serde_json::Map<String, Value>>,
}

#[derive(Deserialize)]
struct NftChain {
    family: String,
    table: String,
    name: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    hook: Option<String>,
    #[serde(default)]
    policy: Option<String>,
}

#[derive(Deserialize)]
struct NftRule {
    family: String,
    table: String,
    chain: String,
    #[serde(default)]
    expr: Vec<Value>,
}

#[derive(Deserialize)]
struct NftTable {
    family: String,
    name: String,
    #[serde(default)]
    flags: Option<Value>,
}

/// The kernel's ruleset as printed by `nft -j list ruleset`: an object
/// `{"nftables": [...]}` whose items each hold one of `metainfo`, `table`,
/// `chain`, `rule`, `set`... (libnftables-json(5)). Chains are listed before
/// their rules.
pub fn parse_nft_json(text: &str) -> Result<Ruleset, String> {
    let doc: NftDocument = serde_json::from_str(text).map_err(|e| format!("nft JSON: {e}"))?;
    let mut rs = Ruleset::default();
    let mut dormant: Vec<(String, String)> = Vec::new();
    for item in doc.nftables {
        if let Some(v) = item.get("table") {
            if let Ok(t) = NftTable::deserialize(v) {
                // A dormant table is loaded but does nothing.
                let is_dormant = match &t.flags {
                    Some(Value::String(s)) => s == "dormant",
                    Some(Value::Array(a)) => a.iter().any(|f| f == "dormant"),
                    _ => false,
                };
                if is_dormant {
                    dormant.push((t.family, t.name));
                }
            }
        } else if let Some(v) = item.get("chain") {
            let c = NftChain::deserialize(v).map_err(|e| format!("nft JSON chain: {e}"))?;
            let chain = rs.chain_mut(&c.family, &c.table, &c.name);
            chain.kind = c.kind;
            chain.hook = c.hook;
            chain.policy = c.policy;
        } else if let Some(v) = item.get("rule") {
            let r = NftRule::deserialize(v).map_err(|e| format!("nft JSON rule: {e}"))?;
            let rule = classify_json(&r.expr);
            rs.chain_mut(&r.family, &r.table, &r.chain).rules.push(rule);
        }
    }
    for (family, table) in dormant {
        rs.chains
            .retain(|c| !(c.family == family && c.table == table));
        rs.problems.push(format!(
            "table {family} {table} is dormant (flags dormant): ignored"
        ));
    }
    Ok(rs)
}

fn classify_json(exprs: &[Value]) -> Rule {
    let mut rule = Rule {
        origin: None,
        text: String::new(),
        conditional: false,
        interface: None,
        verdict: None,
        log: false,
    };
    let mut conditions = 0;
    let mut iface = None;
    let mut parts = Vec::new();
    for e in exprs {
        let Some((key, val)) = e.as_object().and_then(|o| o.iter().next()) else {
            continue;
        };
        parts.push(render_statement(key, val));
        match key.as_str() {
            "accept" => rule.verdict = Some(Verdict::Accept),
            "drop" => rule.verdict = Some(Verdict::Drop),
            "reject" => rule.verdict = Some(Verdict::Reject),
            "queue" => rule.verdict = Some(Verdict::Queue),
            "return" => rule.verdict = Some(Verdict::Return),
            "continue" => rule.verdict = Some(Verdict::Continue),
            "jump" | "goto" => {
                let target = val
                    .get("target")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                rule.verdict = Some(if key == "jump" {
                    Verdict::Jump(target)
                } else {
                    Verdict::Goto(target)
                });
            }
            "log" => rule.log = true,
            // Statements that act on every packet without selecting any.
            "counter" | "mangle" | "notrack" | "comment" => {}
            // iptables-nft rules using xtables extensions.
            "xt" => {
                let name = val.get("name").and_then(Value::as_str).unwrap_or_default();
                let kind = val.get("type").and_then(Value::as_str).unwrap_or_default();
                if kind == "target" {
                    match name {
                        "REJECT" => rule.verdict = Some(Verdict::Reject),
                        "LOG" | "NFLOG" | "ULOG" => rule.log = true,
                        _ => {}
                    }
                } else {
                    conditions += 1;
                }
            }
            "match" => {
                conditions += 1;
                if let Some(name) = interface_match(val) {
                    iface = Some(name);
                }
            }
            // A verdict map dispatches on a key: conditional, no single verdict.
            _ => conditions += 1,
        }
    }
    rule.conditional = conditions > 0;
    if conditions == 1 {
        rule.interface = iface;
    }
    rule.text = shorten(parts.join(" "));
    rule
}

/// `{"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "eth0"}`.
fn interface_match(m: &Value) -> Option<String> {
    let op = m.get("op").and_then(Value::as_str).unwrap_or("==");
    if op != "==" {
        return None;
    }
    let key = m.get("left")?.get("meta")?.get("key")?.as_str()?;
    if key != "iifname" && key != "iif" {
        return None;
    }
    m.get("right")?.as_str().map(str::to_string)
}

fn render_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Array(a) => format!(
            "{{ {} }}",
            a.iter().map(render_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(o) => {
            if let Some(m) = o.get("meta") {
                return render_value(m.get("key").unwrap_or(&Value::Null));
            }
            if let Some(p) = o.get("payload") {
                let proto = p.get("protocol").map(render_value).unwrap_or_default();
                let field = p.get("field").map(render_value).unwrap_or_default();
                return format!("{proto} {field}").trim().to_string();
            }
            if let Some(c) = o.get("ct") {
                return format!("ct {}", c.get("key").map(render_value).unwrap_or_default());
            }
            if let Some(s) = o.get("set") {
                return render_value(s);
            }
            if let Some(p) = o.get("prefix") {
                let addr = p.get("addr").map(render_value).unwrap_or_default();
                let len = p.get("len").map(render_value).unwrap_or_default();
                return format!("{addr}/{len}");
            }
            if let Some(Value::Array(a)) = o.get("range") {
                return a.iter().map(render_value).collect::<Vec<_>>().join("-");
            }
            match o.iter().next() {
                Some((k, _)) => k.clone(),
                None => String::new(),
            }
        }
    }
}

fn render_statement(key: &str, val: &Value) -> String {
    match key {
        "match" => {
            let left = val.get("left").map(render_value).unwrap_or_default();
            let right = val.get("right").map(render_value).unwrap_or_default();
            let op = val.get("op").and_then(Value::as_str).unwrap_or("==");
            if op == "==" {
                format!("{left} {right}")
            } else {
                format!("{left} {op} {right}")
            }
        }
        "jump" | "goto" => format!(
            "{key} {}",
            val.get("target").and_then(Value::as_str).unwrap_or("?")
        ),
        "log" => match val.get("prefix").and_then(Value::as_str) {
            Some(p) => format!("log prefix \"{p}\""),
            None => "log".into(),
        },
        "reject" => match val.get("expr").and_then(Value::as_str) {
            Some(e) => format!("reject with {e}"),
            None => "reject".into(),
        },
        "xt" => format!(
            "xt {}",
            val.get("name").and_then(Value::as_str).unwrap_or("?")
        ),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------
// nftables configuration files (nft(8) syntax)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Open,
    Close,
    Sep,
}

fn tokenize(text: &str) -> Vec<(Tok, u32)> {
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut chars = text.chars().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<(Tok, u32)>, line: u32| {
        if !word.is_empty() {
            out.push((Tok::Word(std::mem::take(word)), line));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'\n') => {
                // Line continuation: the statement goes on.
                flush(&mut word, &mut out, line);
                chars.next();
                line += 1;
            }
            '\n' => {
                flush(&mut word, &mut out, line);
                out.push((Tok::Sep, line));
                line += 1;
            }
            ';' => {
                flush(&mut word, &mut out, line);
                out.push((Tok::Sep, line));
            }
            '{' => {
                flush(&mut word, &mut out, line);
                out.push((Tok::Open, line));
            }
            '}' => {
                flush(&mut word, &mut out, line);
                out.push((Tok::Close, line));
            }
            '#' => {
                flush(&mut word, &mut out, line);
                while let Some(&n) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            '"' => {
                flush(&mut word, &mut out, line);
                let mut s = String::new();
                for n in chars.by_ref() {
                    if n == '"' {
                        break;
                    }
                    if n == '\n' {
                        line += 1;
                    }
                    s.push(n);
                }
                out.push((Tok::Str(s), line));
            }
            c if c.is_whitespace() => flush(&mut word, &mut out, line),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out, line);
    out
}

/// A parsed node: a word, a quoted string, or a `{ }` block of statements.
#[derive(Debug, Clone)]
enum Node {
    Word(String, u32),
    Str(String, u32),
    Block(Vec<Stmt>, u32),
}

type Stmt = Vec<Node>;

impl Node {
    fn word(&self) -> Option<&str> {
        match self {
            Node::Word(w, _) => Some(w),
            Node::Str(s, _) => Some(s),
            Node::Block(..) => None,
        }
    }
    fn line(&self) -> u32 {
        match self {
            Node::Word(_, l) | Node::Str(_, l) | Node::Block(_, l) => *l,
        }
    }
    fn render(&self) -> String {
        match self {
            Node::Word(w, _) => w.clone(),
            Node::Str(s, _) => format!("\"{s}\""),
            Node::Block(stmts, _) => {
                let inner: Vec<String> = stmts
                    .iter()
                    .map(|s| s.iter().map(Node::render).collect::<Vec<_>>().join(" "))
                    .collect();
                format!("{{ {} }}", inner.join(" "))
            }
        }
    }
}

fn parse_block(toks: &[(Tok, u32)], pos: &mut usize) -> Vec<Stmt> {
    let mut stmts = Vec::new();
    let mut current: Stmt = Vec::new();
    while *pos < toks.len() {
        let (tok, line) = &toks[*pos];
        *pos += 1;
        match tok {
            Tok::Sep => {
                if !current.is_empty() {
                    stmts.push(std::mem::take(&mut current));
                }
            }
            Tok::Close => break,
            Tok::Open => {
                let inner = parse_block(toks, pos);
                current.push(Node::Block(inner, *line));
            }
            Tok::Word(w) => current.push(Node::Word(w.clone(), *line)),
            Tok::Str(s) => current.push(Node::Str(s.clone(), *line)),
        }
    }
    if !current.is_empty() {
        stmts.push(current);
    }
    stmts
}

const MAX_INCLUDE_DEPTH: u32 = 8;

/// Reads an nftables configuration file as `nft -f` would load it,
/// following `include` statements (absolute, or relative to the including
/// file's directory then `/etc`; `*` wildcards in the file name).
pub fn parse_nft_config(fs: &dyn Fs, path: &str, text: &str) -> Ruleset {
    let mut rs = Ruleset::default();
    load_nft_text(fs, path, text, &mut rs, 0);
    rs
}

fn load_nft_text(fs: &dyn Fs, path: &str, text: &str, rs: &mut Ruleset, depth: u32) {
    let toks = tokenize(text);
    let mut pos = 0;
    let stmts = parse_block(&toks, &mut pos);
    for stmt in &stmts {
        top_statement(fs, path, stmt, rs, depth);
    }
}

fn words(stmt: &[Node]) -> Vec<&str> {
    stmt.iter().filter_map(Node::word).collect()
}

fn top_statement(fs: &dyn Fs, path: &str, stmt: &[Node], rs: &mut Ruleset, depth: u32) {
    let w = words(stmt);
    match w.first().copied() {
        Some("include") => {
            let Some(target) = w.get(1) else { return };
            include(fs, path, target, rs, depth);
        }
        Some("flush") if w.get(1) == Some(&"ruleset") => {
            rs.chains.clear();
        }
        Some("table") => table_statement(path, &stmt[1..], rs),
        Some("add") | Some("create") | Some("insert") => {
            let insert = w[0] == "insert";
            match w.get(1).copied() {
                Some("table") => table_statement(path, &stmt[2..], rs),
                Some("chain") => {
                    let rest = &stmt[2..];
                    let (family, names) = family_and_names(rest);
                    if names.len() >= 2 {
                        let (table, chain) = (names[0].clone(), names[1].clone());
                        let line = stmt[0].line();
                        let c = rs.chain_mut(&family, &table, &chain);
                        c.origin.get_or_insert(Origin {
                            file: path.to_string(),
                            line,
                        });
                        if let Some(Node::Block(body, _)) = rest.last() {
                            chain_body(path, body, &family, &table, &chain, rs);
                        }
                    }
                }
                Some("rule") => {
                    let rest = &stmt[2..];
                    let first = rest.first().and_then(Node::word).unwrap_or("");
                    let (family, skip) = if FAMILIES.contains(&first) && rest.len() >= 3 {
                        (first.to_string(), 1)
                    } else {
                        ("ip".to_string(), 0)
                    };
                    let rest = &rest[skip..];
                    let (Some(table), Some(chain)) = (
                        rest.first().and_then(Node::word),
                        rest.get(1).and_then(Node::word),
                    ) else {
                        return;
                    };
                    let mut body = &rest[2..];
                    // `handle N`, `index N`, `position N` place the rule.
                    while let Some(k) = body.first().and_then(Node::word) {
                        if matches!(k, "handle" | "index" | "position") && body.len() > 2 {
                            body = &body[2..];
                        } else {
                            break;
                        }
                    }
                    let rule = classify_nodes(path, body);
                    let (table, chain) = (table.to_string(), chain.to_string());
                    let c = rs.chain_mut(&family, &table, &chain);
                    if insert {
                        c.rules.insert(0, rule);
                    } else {
                        c.rules.push(rule);
                    }
                }
                _ => {}
            }
        }
        // Variables, deletions and monitors do not add filtering.
        _ => {}
    }
}

/// `[family] name...`: the family defaults to `ip`.
fn family_and_names(rest: &[Node]) -> (String, Vec<String>) {
    let ws: Vec<String> = rest
        .iter()
        .take_while(|n| !matches!(n, Node::Block(..)))
        .filter_map(|n| n.word().map(str::to_string))
        .collect();
    match ws.first() {
        Some(f) if FAMILIES.contains(&f.as_str()) && ws.len() >= 2 => (f.clone(), ws[1..].to_vec()),
        _ => ("ip".to_string(), ws),
    }
}

fn table_statement(path: &str, rest: &[Node], rs: &mut Ruleset) {
    let (family, names) = family_and_names(rest);
    let Some(table) = names.first().cloned() else {
        return;
    };
    let Some(Node::Block(body, _)) = rest.last() else {
        return;
    };
    let mut dormant = false;
    for stmt in body {
        let w = words(stmt);
        match w.first().copied() {
            Some("chain") => {
                let Some(name) = w.get(1) else { continue };
                let name = name.to_string();
                let line = stmt[0].line();
                let c = rs.chain_mut(&family, &table, &name);
                c.origin.get_or_insert(Origin {
                    file: path.to_string(),
                    line,
                });
                if let Some(Node::Block(cbody, _)) = stmt.last() {
                    chain_body(path, cbody, &family, &table, &name, rs);
                }
            }
            Some("flags") if w.iter().any(|f| f.split(',').any(|x| x == "dormant")) => {
                dormant = true;
            }
            // Sets, maps, flowtables, named objects: not filtering by themselves.
            _ => {}
        }
    }
    if dormant {
        rs.chains
            .retain(|c| !(c.family == family && c.table == table));
        rs.problems.push(format!(
            "{path}: table {family} {table} is dormant (flags dormant): ignored"
        ));
    }
}

fn chain_body(path: &str, body: &[Stmt], family: &str, table: &str, chain: &str, rs: &mut Ruleset) {
    for stmt in body {
        let w = words(stmt);
        match w.first().copied() {
            Some("type") => {
                let kind = w.get(1).map(|s| s.to_string());
                let hook = w
                    .iter()
                    .position(|x| *x == "hook")
                    .and_then(|i| w.get(i + 1))
                    .map(|s| s.to_string());
                let c = rs.chain_mut(family, table, chain);
                c.kind = kind;
                c.hook = hook;
            }
            Some("policy") => {
                let policy = w.get(1).map(|s| s.to_string());
                if let Some(p) = &policy {
                    if p.starts_with('$') {
                        rs.problems.push(format!(
                            "{path}:{}: chain {family} {table} {chain}: policy given by a variable ({p})",
                            stmt[0].line()
                        ));
                    }
                }
                rs.chain_mut(family, table, chain).policy = policy;
            }
            Some("comment") | Some("devices") | Some("device") => {}
            Some(_) => {
                let rule = classify_nodes(path, stmt);
                rs.chain_mut(family, table, chain).rules.push(rule);
            }
            None => {}
        }
    }
}

/// Keywords that end the selectors of a rule and act on the packet.
fn classify_nodes(path: &str, stmt: &[Node]) -> Rule {
    let mut rule = Rule {
        origin: stmt.first().map(|n| Origin {
            file: path.to_string(),
            line: n.line(),
        }),
        text: shorten(stmt.iter().map(Node::render).collect::<Vec<_>>().join(" ")),
        conditional: false,
        interface: None,
        verdict: None,
        log: false,
    };
    let mut conditions: Vec<String> = Vec::new();
    let mut i = 0;
    while i < stmt.len() {
        let node = &stmt[i];
        i += 1;
        let Node::Word(w, _) = node else {
            conditions.push(node.render());
            continue;
        };
        match w.as_str() {
            "accept" => rule.verdict = Some(Verdict::Accept),
            "drop" => rule.verdict = Some(Verdict::Drop),
            "return" => rule.verdict = Some(Verdict::Return),
            "continue" => rule.verdict = Some(Verdict::Continue),
            // Their arguments (`with icmpx admin-prohibited`, `num 1`) follow.
            "reject" => {
                rule.verdict = Some(Verdict::Reject);
                break;
            }
            "queue" => {
                rule.verdict = Some(Verdict::Queue);
                break;
            }
            "jump" | "goto" => {
                let target = stmt.get(i).and_then(Node::word).unwrap_or("").to_string();
                i += 1;
                rule.verdict = Some(if w == "jump" {
                    Verdict::Jump(target)
                } else {
                    Verdict::Goto(target)
                });
            }
            "log" => {
                rule.log = true;
                while let Some(opt) = stmt.get(i).and_then(Node::word) {
                    match opt {
                        "prefix" | "level" | "group" | "snaplen" | "queue-threshold" => i += 2,
                        "flags" => {
                            i += 2;
                            if matches!(
                                stmt.get(i - 1).and_then(Node::word),
                                Some("tcp") | Some("ip")
                            ) {
                                i += 1;
                            }
                        }
                        _ => break,
                    }
                }
            }
            "counter" => {
                // `counter packets N bytes M`, or a named counter.
                while let Some(opt) = stmt.get(i).and_then(Node::word) {
                    match opt {
                        "packets" | "bytes" | "name" => i += 2,
                        _ => break,
                    }
                }
            }
            "comment" => i += 1,
            "notrack" => {}
            "vmap" => {
                // A verdict map: the verdict depends on the packet.
                conditions.push("vmap".into());
                i += 1;
            }
            other => conditions.push(other.to_string()),
        }
    }
    rule.conditional = !conditions.is_empty();
    let c: Vec<&str> = conditions
        .iter()
        .map(String::as_str)
        .filter(|c| *c != "==")
        .collect();
    let name = match c.as_slice() {
        ["iifname", n] | ["iif", n] | ["meta", "iifname", n] | ["meta", "iif", n] => Some(*n),
        _ => None,
    };
    rule.interface = name
        .map(|n| n.trim_matches('"'))
        .filter(|n| !n.starts_with('$') && !n.starts_with('{') && !n.starts_with('!'))
        .map(str::to_string);
    rule
}

fn include(fs: &dyn Fs, from: &str, target: &str, rs: &mut Ruleset, depth: u32) {
    if depth >= MAX_INCLUDE_DEPTH {
        rs.problems
            .push(format!("{from}: include {target}: too deeply nested"));
        return;
    }
    let candidates: Vec<String> = if target.starts_with('/') {
        vec![target.to_string()]
    } else {
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        vec![format!("{dir}/{target}"), format!("/etc/{target}")]
    };
    for cand in candidates {
        let (dir, name) = cand.rsplit_once('/').unwrap_or(("", cand.as_str()));
        let files: Vec<String> = if name.contains('*') {
            let (pre, post) = name.split_once('*').unwrap_or((name, ""));
            fs.read_dir(dir)
                .unwrap_or_default()
                .into_iter()
                .filter(|n| {
                    n.starts_with(pre) && n.ends_with(post) && n.len() >= pre.len() + post.len()
                })
                .map(|n| format!("{dir}/{n}"))
                .collect()
        } else if fs.is_file(&cand) {
            vec![cand.clone()]
        } else {
            Vec::new()
        };
        if files.is_empty() && !name.contains('*') {
            continue;
        }
        for f in files {
            match fs.read_to_string(&f) {
                Ok(text) => load_nft_text(fs, &f, &text, rs, depth + 1),
                Err(e) => rs.problems.push(format!("{from}: include {f}: {e}")),
            }
        }
        return;
    }
    rs.problems
        .push(format!("{from}: include \"{target}\": not found"));
}

// ---------------------------------------------------------------------------
// iptables-save format
// ---------------------------------------------------------------------------

/// Splits an iptables-save line into words, honouring double quotes.
fn split_args(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

const BUILTIN_HOOKS: &[(&str, &str)] = &[
    ("INPUT", "input"),
    ("FORWARD", "forward"),
    ("OUTPUT", "output"),
];

/// An `iptables-save` text (or a file in its format: iptables-persistent's
/// `rules.v4`, `/etc/sysconfig/iptables`, ufw's `user.rules`): the `filter`
/// table's chains, `:NAME POLICY [packets:bytes]` lines and `-A NAME ...`
/// rules, `-j TARGET` coming last as iptables-save writes it. `family` is
/// "ip" or "ip6"; `origin_file` names the file for configuration files.
pub fn parse_iptables_save(text: &str, family: &str, origin_file: Option<&str>) -> Ruleset {
    let mut rs = Ruleset::default();
    let mut table = String::new();
    let mut chains_in_table: Vec<String> = Vec::new();
    let mut pending: Vec<(bool, String, Rule, Option<String>)> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let line_no = n as u32 + 1;
        let origin = origin_file.map(|f| Origin {
            file: f.to_string(),
            line: line_no,
        });
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(t) = line.strip_prefix('*') {
            table = t.trim().to_string();
            continue;
        }
        if table != "filter" {
            continue;
        }
        if let Some(decl) = line.strip_prefix(':') {
            let mut parts = decl.split_whitespace();
            let name = parts.next().unwrap_or("").to_string();
            let policy = parts.next().filter(|p| *p != "-").map(str::to_lowercase);
            let hook = BUILTIN_HOOKS
                .iter()
                .find(|(c, _)| *c == name)
                .map(|(_, h)| h.to_string());
            chains_in_table.push(name.clone());
            let c = rs.chain_mut(family, "filter", &name);
            c.kind = Some("filter".into());
            c.hook = hook;
            c.policy = policy;
            c.origin = origin;
            continue;
        }
        let args = split_args(line);
        let (insert, chain) = match (args.first().map(String::as_str), args.get(1)) {
            (Some("-A") | Some("--append"), Some(c)) => (false, c.clone()),
            (Some("-I") | Some("--insert"), Some(c)) => (true, c.clone()),
            _ => continue,
        };
        let mut rest: Vec<String> = args[2..].to_vec();
        if insert && rest.first().is_some_and(|a| a.parse::<u32>().is_ok()) {
            rest.remove(0);
        }
        let (rule, target) = classify_iptables(&rest, line, origin);
        pending.push((insert, chain, rule, target));
    }
    for (insert, chain, mut rule, target) in pending {
        // A target naming a chain of the table is a jump to it.
        if let Some(t) = target {
            if chains_in_table.contains(&t) {
                rule.verdict = Some(if rule.verdict == Some(Verdict::Goto(String::new())) {
                    Verdict::Goto(t)
                } else {
                    Verdict::Jump(t)
                });
            } else if rule.verdict == Some(Verdict::Goto(String::new())) {
                rule.verdict = Some(Verdict::Goto(t));
            }
        }
        let rules = &mut rs.chain_mut(family, "filter", &chain).rules;
        if insert {
            rules.insert(0, rule);
        } else {
            rules.push(rule);
        }
    }
    rs
}

/// Returns the rule and, for a target that is not a standard one, its name
/// (resolved to a chain jump once every chain is known).
fn classify_iptables(
    args: &[String],
    line: &str,
    origin: Option<Origin>,
) -> (Rule, Option<String>) {
    let mut rule = Rule {
        origin,
        text: shorten(line.to_string()),
        conditional: false,
        interface: None,
        verdict: None,
        log: false,
    };
    let mut conditions: Vec<&str> = Vec::new();
    let mut other_target = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a.starts_with('[') && a.ends_with(']') && a.contains(':') {
            // `iptables-save -c` counters.
            i += 1;
            continue;
        }
        if (a == "-m" || a == "--match") && args.get(i + 1).map(String::as_str) == Some("comment") {
            i += 2;
            if args.get(i).map(String::as_str) == Some("--comment") {
                i += 2;
            }
            continue;
        }
        if a == "-j" || a == "--jump" || a == "-g" || a == "--goto" {
            let target = args.get(i + 1).cloned().unwrap_or_default();
            let goto = a == "-g" || a == "--goto";
            match target.as_str() {
                "ACCEPT" => rule.verdict = Some(Verdict::Accept),
                "DROP" => rule.verdict = Some(Verdict::Drop),
                "REJECT" => rule.verdict = Some(Verdict::Reject),
                "RETURN" => rule.verdict = Some(Verdict::Return),
                "QUEUE" | "NFQUEUE" => rule.verdict = Some(Verdict::Queue),
                "LOG" | "NFLOG" | "ULOG" => rule.log = true,
                t => {
                    if goto {
                        rule.verdict = Some(Verdict::Goto(String::new()));
                    }
                    other_target = Some(t.to_string());
                }
            }
            // Target options follow the target: they select nothing.
            break;
        }
        conditions.push(a);
        i += 1;
    }
    rule.conditional = !conditions.is_empty();
    if let ["-i" | "--in-interface", name] = conditions.as_slice() {
        rule.interface = Some(name.to_string());
    }
    (rule, other_target)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `nft -j list ruleset` on Debian 12 with the stock /etc/nftables.conf
    /// changed to drop by default (nftables 1.0.6).
    const NFT_DROP: &str = r#"{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"table": {"family": "inet", "name": "filter", "handle": 1}}, {"chain": {"family": "inet", "table": "filter", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}}, {"chain": {"family": "inet", "table": "filter", "name": "forward", "handle": 2, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}}, {"chain": {"family": "inet", "table": "filter", "name": "output", "handle": 3, "type": "filter", "hook": "output", "prio": 0, "policy": "accept"}}, {"rule": {"family": "inet", "table": "filter", "chain": "input", "handle": 4, "expr": [{"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]}}, {"rule": {"family": "inet", "table": "filter", "chain": "input", "handle": 5, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "lo"}}, {"accept": null}]}}, {"rule": {"family": "inet", "table": "filter", "chain": "input", "handle": 6, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}, {"counter": {"packets": 12, "bytes": 720}}, {"accept": null}]}}, {"rule": {"family": "inet", "table": "filter", "chain": "input", "handle": 7, "expr": [{"limit": {"rate": 5, "burst": 5, "per": "minute"}}, {"log": {"prefix": "nft drop: "}}]}}]}"#;

    #[test]
    fn nft_json_chains_and_rules() {
        let rs = parse_nft_json(NFT_DROP).unwrap();
        let input = rs.chain("inet", "filter", "input").unwrap();
        assert_eq!(input.hook.as_deref(), Some("input"));
        assert_eq!(input.kind.as_deref(), Some("filter"));
        assert_eq!(input.policy.as_deref(), Some("drop"));
        assert_eq!(input.rules.len(), 4);
        assert!(input.rules[0].conditional);
        assert_eq!(input.rules[0].verdict, Some(Verdict::Accept));
        assert_eq!(
            input.rules[0].text,
            "ct state in { established, related } accept"
        );
        assert_eq!(input.rules[1].interface.as_deref(), Some("lo"));
        assert_eq!(input.rules[2].text, "tcp dport 22 counter accept");
        assert!(input.rules[3].log && input.rules[3].conditional);
        assert_eq!(input.rules[3].verdict, None);
        assert_eq!(rs.input_chains().count(), 1);
    }

    #[test]
    fn nft_json_jumps_rejects_and_xt() {
        let text = r#"{"nftables": [{"chain": {"family": "ip", "table": "filter", "name": "INPUT", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "accept"}}, {"rule": {"family": "ip", "table": "filter", "chain": "INPUT", "handle": 9, "expr": [{"jump": {"target": "ufw-before-input"}}]}}, {"rule": {"family": "ip", "table": "filter", "chain": "INPUT", "handle": 10, "expr": [{"xt": {"type": "match", "name": "limit"}}, {"xt": {"type": "target", "name": "LOG"}}]}}, {"rule": {"family": "ip", "table": "filter", "chain": "INPUT", "handle": 11, "expr": [{"counter": {"packets": 0, "bytes": 0}}, {"reject": {"type": "icmpx", "expr": "admin-prohibited"}}]}}]}"#;
        let rs = parse_nft_json(text).unwrap();
        let c = rs.chain("ip", "filter", "INPUT").unwrap();
        assert_eq!(
            c.rules[0].verdict,
            Some(Verdict::Jump("ufw-before-input".into()))
        );
        assert!(!c.rules[0].conditional);
        assert!(c.rules[1].log && c.rules[1].conditional);
        assert_eq!(c.rules[2].verdict, Some(Verdict::Reject));
        assert!(!c.rules[2].conditional);
        assert!(parse_nft_json("not json").is_err());
        assert!(parse_nft_json(r#"{"nftables": [{"table": {"family": "inet", "name": "t", "handle": 1, "flags": "dormant"}}, {"chain": {"family": "inet", "table": "t", "name": "in", "type": "filter", "hook": "input", "policy": "drop"}}]}"#).unwrap().chains.is_empty());
    }

    struct NoFs;
    impl Fs for NoFs {
        fn read_to_string(&self, _: &str) -> Result<String, crate::fs::FsError> {
            Err(crate::fs::FsError::NotFound)
        }
        fn read_dir(&self, _: &str) -> Result<Vec<String>, crate::fs::FsError> {
            Err(crate::fs::FsError::NotFound)
        }
        fn is_file(&self, _: &str) -> bool {
            false
        }
        fn read_bytes(&self, _: &str, _: u64) -> Result<Vec<u8>, crate::fs::FsError> {
            Err(crate::fs::FsError::NotFound)
        }
        fn metadata(&self, _: &str) -> Result<crate::fs::FileMeta, crate::fs::FsError> {
            Err(crate::fs::FsError::NotFound)
        }
        fn read_link(&self, _: &str) -> Result<String, crate::fs::FsError> {
            Err(crate::fs::FsError::NotFound)
        }
    }

    #[test]
    fn nft_config_debian_stock_accepts() {
        // Debian 12's /etc/nftables.conf as shipped.
        let text = "#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter;\n\t}\n\tchain forward {\n\t\ttype filter hook forward priority filter;\n\t}\n\tchain output {\n\t\ttype filter hook output priority filter;\n\t}\n}\n";
        let rs = parse_nft_config(&NoFs, "/etc/nftables.conf", text);
        let input = rs.chain("inet", "filter", "input").unwrap();
        assert_eq!(input.hook.as_deref(), Some("input"));
        assert_eq!(input.policy, None);
        assert!(input.rules.is_empty());
        assert_eq!(input.origin.as_ref().unwrap().line, 6);
    }

    #[test]
    fn nft_config_rules_sets_and_commands() {
        let text = r#"
define LAN = 192.168.1.0/24
table inet filter {
  set allowed { type ipv4_addr; elements = { 10.0.0.1, 10.0.0.2 } }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state { established, related } accept
    iifname "lo" accept
    iif eth1 accept # trusted LAN card
    tcp dport { 22,
                443 } accept
    ip saddr $LAN tcp dport 631 accept
    log prefix "input drop: " level info flags all counter
    jump extra
  }
  chain extra { counter reject with icmpx type admin-prohibited }
}
add rule inet filter extra tcp dport 80 accept
insert rule inet filter extra udp dport 53 accept
"#;
        let rs = parse_nft_config(&NoFs, "/etc/nftables.conf", text);
        let input = rs.chain("inet", "filter", "input").unwrap();
        assert_eq!(input.policy.as_deref(), Some("drop"));
        assert_eq!(input.rules.len(), 7);
        assert_eq!(input.rules[1].interface.as_deref(), Some("lo"));
        assert_eq!(input.rules[2].interface.as_deref(), Some("eth1"));
        assert_eq!(input.rules[2].origin.as_ref().unwrap().line, 9);
        assert!(input.rules[3].conditional);
        assert_eq!(input.rules[3].origin.as_ref().unwrap().line, 10);
        assert!(input.rules[5].log && !input.rules[5].conditional);
        assert_eq!(input.rules[5].verdict, None);
        assert_eq!(input.rules[6].verdict, Some(Verdict::Jump("extra".into())));
        let extra = rs.chain("inet", "filter", "extra").unwrap();
        assert_eq!(extra.rules.len(), 3);
        assert!(extra.rules[0].text.starts_with("udp dport 53"));
        assert_eq!(extra.rules[1].verdict, Some(Verdict::Reject));
        assert!(!extra.rules[1].conditional);
        assert!(rs.chain("inet", "filter", "allowed").is_none());
    }

    #[test]
    fn nft_config_flush_and_missing_include() {
        let text = "table ip t { chain i { type filter hook input priority 0; policy drop; } }\nflush ruleset\ninclude \"/etc/nftables.d/*.nft\"\ninclude \"/etc/nftables/main.nft\"\n";
        let rs = parse_nft_config(&NoFs, "/etc/sysconfig/nftables.conf", text);
        assert!(rs.chains.is_empty());
        assert_eq!(rs.problems.len(), 1, "{:?}", rs.problems);
        assert!(rs.problems[0].contains("main.nft"));
    }

    #[test]
    fn iptables_save_rhel_default() {
        // RHEL 7 iptables-services /etc/sysconfig/iptables as shipped.
        let text = "# sample configuration for iptables service\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -p icmp -j ACCEPT\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT\n-A INPUT -j REJECT --reject-with icmp-host-prohibited\n-A FORWARD -j REJECT --reject-with icmp-host-prohibited\nCOMMIT\n";
        let rs = parse_iptables_save(text, "ip", Some("/etc/sysconfig/iptables"));
        let input = rs.chain("ip", "filter", "INPUT").unwrap();
        assert_eq!(input.policy.as_deref(), Some("accept"));
        assert_eq!(input.hook.as_deref(), Some("input"));
        assert_eq!(input.rules.len(), 5);
        assert_eq!(input.rules[2].interface.as_deref(), Some("lo"));
        assert_eq!(input.rules[4].verdict, Some(Verdict::Reject));
        assert!(!input.rules[4].conditional);
        assert_eq!(input.rules[4].origin.as_ref().unwrap().line, 10);
    }

    #[test]
    fn iptables_save_live_ufw() {
        // `iptables-save` (iptables-nft 1.8.9) on Ubuntu with ufw enabled, shortened.
        let text = "# Generated by iptables-save v1.8.9 (nf_tables) on Sat Nov 28 10:00:00 2026\n*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:ufw-after-logging-input - [0:0]\n:ufw-before-input - [0:0]\n:ufw-user-input - [0:0]\n-A INPUT -j ufw-before-input\n-A INPUT -j ufw-after-logging-input\n-A ufw-after-logging-input -m limit --limit 3/min --limit-burst 10 -j LOG --log-prefix \"[UFW BLOCK] \"\n-A ufw-before-input -i lo -j ACCEPT\n-A ufw-before-input -m comment --comment \"allow all\" -j ufw-user-input\n-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n# Completed on Sat Nov 28 10:00:00 2026\n";
        let rs = parse_iptables_save(text, "ip", None);
        let input = rs.chain("ip", "filter", "INPUT").unwrap();
        assert_eq!(input.policy.as_deref(), Some("drop"));
        assert_eq!(
            input.rules[0].verdict,
            Some(Verdict::Jump("ufw-before-input".into()))
        );
        let log = &rs
            .chain("ip", "filter", "ufw-after-logging-input")
            .unwrap()
            .rules[0];
        assert!(log.log && log.conditional && log.verdict.is_none());
        let before = rs.chain("ip", "filter", "ufw-before-input").unwrap();
        assert!(!before.rules[1].conditional);
        assert_eq!(
            before.rules[1].verdict,
            Some(Verdict::Jump("ufw-user-input".into()))
        );
        assert!(input.rules[0].origin.is_none());
    }

    #[test]
    fn quoted_arguments() {
        assert_eq!(
            split_args(
                r#"-A X -m comment --comment "a \"b\" c" -j LOG --log-prefix "[UFW BLOCK] ""#
            ),
            vec![
                "-A",
                "X",
                "-m",
                "comment",
                "--comment",
                "a \"b\" c",
                "-j",
                "LOG",
                "--log-prefix",
                "[UFW BLOCK] "
            ]
        );
    }
}

#[cfg(test)]
mod captured {
    use super::*;

    #[test]
    fn debian_ufw_ruleset_as_nft_json_and_iptables_save() {
        let rs = parse_nft_json(include_str!("testdata/ufw_enabled.nft.json")).unwrap();
        let input: Vec<&Chain> = rs.input_chains().collect();
        assert_eq!(input.len(), 2);
        assert!(input.iter().all(|c| c.policy.as_deref() == Some("drop")));
        let deny = rs.chain("ip", "filter", "ufw-logging-deny").unwrap();
        assert!(deny.rules.iter().any(|r| r.log && r.conditional));
        let save = parse_iptables_save(
            include_str!("testdata/ufw_enabled.iptables-save.txt"),
            "ip",
            None,
        );
        let input = save.chain("ip", "filter", "INPUT").unwrap();
        assert_eq!(input.policy.as_deref(), Some("drop"));
        assert_eq!(
            input.rules.first().and_then(|r| r.verdict.clone()),
            Some(Verdict::Jump("ufw-before-logging-input".into()))
        );
        // Same chains whichever way they are listed.
        let nft_ip: Vec<&str> = rs
            .chains
            .iter()
            .filter(|c| c.family == "ip")
            .map(|c| c.name.as_str())
            .collect();
        for c in &save.chains {
            assert!(nft_ip.contains(&c.name.as_str()), "{}", c.name);
        }
    }
}
