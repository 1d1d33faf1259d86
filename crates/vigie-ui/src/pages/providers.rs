//! The providers (the memento's A and B), the requirements delegated to
//! them, and the contract annex.

use super::{page, Ctx, Nav};
use maud::{html, Markup};
use time::Date;
use vigie_audit::Report;
use vigie_catalog::{Catalog, Delegation as Cartouche, Lang};
use vigie_practice::{Delegation, Provider, Role};
use vigie_report::parts::{self, t};

fn iso(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

pub(crate) struct ProvidersPage<'a> {
    pub providers: &'a [Provider],
    pub delegations: &'a [Delegation],
    pub report: Option<&'a Report>,
    pub today: Date,
    pub notice: Option<String>,
    pub error: Option<String>,
}

pub(crate) fn render(ctx: &Ctx, p: &ProvidersPage, catalog: &Catalog) -> Markup {
    let lang = ctx.lang;
    page(
        ctx,
        t(lang, "Prestataires", "Providers"),
        Nav::Providers,
        html! {
            h1 { (t(lang, "Prestataires et délégations", "Providers and delegations")) }
            @if let Some(n) = &p.notice {
                p.notice role="status" { (n) }
            }
            @if let Some(e) = &p.error {
                p.error role="alert" { (e) }
            }
            p { (t(lang,
                "Le mémento distingue deux prestataires : A, qui entretient vos ordinateurs (maintenance), et B, qui héberge votre logiciel ou vos données (hébergeur, certifié HDS). Vous pouvez leur confier certaines exigences : elles figurent alors dans l'annexe à joindre à leur contrat. Déléguer ne masque aucune non-conformité.",
                "The memento distinguishes two providers: A, who looks after your computers (maintenance), and B, who hosts your software or data (hosting provider, HDS-certified). You may entrust some requirements to them: they then appear in the annex to attach to their contract. Delegating hides no failure.")) }
            div.cards {
                @for role in Role::ALL {
                    (provider_card(lang, role, p))
                }
            }
            (delegations(lang, p, catalog))
        },
    )
}

fn provider_card(lang: Lang, role: Role, p: &ProvidersPage) -> Markup {
    let current = p.providers.iter().find(|x| x.role == role);
    let held = p.delegations.iter().filter(|d| d.role == role).count();
    let code = role.code();
    let field = |name: &str| format!("{name}-{code}");
    html! {
        section.card aria-labelledby=(field("titre")) {
            h2 #(field("titre")) { (parts::role_title(role, lang)) }
            @if let Some(prov) = current {
                (parts::provider_facts(prov, lang))
                @for w in prov.warnings(p.today) {
                    p.warning { "⚠ " (w.message(lang)) }
                }
                p { (match lang {
                    Lang::Fr => format!("Exigences confiées : {held}."),
                    Lang::En => format!("Delegated requirements: {held}."),
                }) }
                p {
                    strong { (t(lang, "Annexe au contrat : ", "Contract annex: ")) }
                    a href=(format!("/annexe/annexe-{code}.html")) download { "HTML" }
                    " · "
                    a href=(format!("/annexe/annexe-{code}.md")) download { "Markdown" }
                }
            } @else {
                p { (t(lang, "Non renseigné.", "Not recorded.")) }
            }
            details open[current.is_none()] {
                summary { @if current.is_some() { (t(lang, "Modifier", "Edit")) } @else { (t(lang, "Enregistrer ce prestataire", "Record this provider")) } }
                form method="post" action=(format!("/prestataires/{code}")) {
                    div.field {
                        label for=(field("nom")) { (t(lang, "Nom de la société", "Company name")) }
                        input type="text" id=(field("nom")) name="name" required maxlength="200"
                            value=(current.map(|c| c.name.as_str()).unwrap_or(""));
                    }
                    div.field {
                        label for=(field("contact")) {
                            (t(lang, "Contact (facultatif)", "Contact (optional)"))
                            span.hint { (t(lang, "Un nom, un téléphone, une adresse.", "A name, a phone number, an address.")) }
                        }
                        input type="text" id=(field("contact")) name="contact" maxlength="500"
                            value=(current.and_then(|c| c.contact.as_deref()).unwrap_or(""));
                    }
                    div.field {
                        label for=(field("contrat")) { (t(lang, "Date de signature du contrat (facultatif)", "Contract signature date (optional)")) }
                        input type="date" id=(field("contrat")) name="contract_date"
                            value=(iso(current.and_then(|c| c.contract_date)));
                    }
                    @if role == Role::B {
                        div.field {
                            label for=(field("hds")) {
                                (t(lang, "Numéro du certificat HDS", "HDS certificate number"))
                                span.hint { (t(lang, "Hébergeur de données de santé : le numéro figure sur le certificat ou le contrat.", "Health data hosting: the number is on the certificate or the contract.")) }
                            }
                            input type="text" id=(field("hds")) name="hds_certificate" maxlength="200"
                                value=(current.and_then(|c| c.hds_certificate.as_deref()).unwrap_or(""));
                        }
                        div.field {
                            label for=(field("expiration")) { (t(lang, "Fin de validité du certificat HDS", "HDS certificate expiry")) }
                            input type="date" id=(field("expiration")) name="hds_expiry"
                                value=(iso(current.and_then(|c| c.hds_expiry)));
                        }
                    }
                    button type="submit" { (t(lang, "Enregistrer", "Record")) span.skip { " " (parts::role_title(role, lang)) } }
                }
                @if current.is_some() && held == 0 {
                    form method="post" action=(format!("/prestataires/{code}/retirer")) {
                        button.danger.small type="submit" { (t(lang, "Retirer ce prestataire", "Remove this provider")) }
                    }
                }
            }
        }
    }
}

/// Who holds the requirement now: "", "A", "B" or "AB".
fn holder(id: &str, delegations: &[Delegation]) -> String {
    let mut s = String::new();
    for role in Role::ALL {
        if delegations
            .iter()
            .any(|d| d.requirement_id == id && d.role == role)
        {
            s.push_str(role.code());
        }
    }
    s
}

/// The owners a requirement may have: the practice, a recorded provider
/// the memento allows, both when allowed, and whoever holds it now.
fn choices(
    lang: Lang,
    cartouche: Cartouche,
    now: &str,
    has: &dyn Fn(Role) -> bool,
) -> Vec<(String, String)> {
    let mut out = vec![(
        String::new(),
        t(lang, "le cabinet", "the practice").to_string(),
    )];
    for role in Role::ALL {
        if role.allowed_by(cartouche) && has(role) || now == role.code() {
            let short = match (role, lang) {
                (Role::A, Lang::Fr) => "A (maintenance)",
                (Role::B, Lang::Fr) => "B (hébergeur)",
                (Role::A, Lang::En) => "A (maintenance)",
                (Role::B, Lang::En) => "B (hosting)",
            };
            out.push((role.code().to_string(), short.to_string()));
        }
    }
    if cartouche == Cartouche::AB && has(Role::A) && has(Role::B) || now == "AB" {
        out.push(("AB".into(), t(lang, "A et B", "A and B").to_string()));
    }
    out
}

fn delegations(lang: Lang, p: &ProvidersPage, catalog: &Catalog) -> Markup {
    let rows: Vec<_> = catalog
        .requirements
        .iter()
        .filter(|r| r.delegation != Cartouche::None)
        .collect();
    let has = |role: Role| p.providers.iter().any(|x| x.role == role);
    html! {
        section aria-labelledby="delegations" {
            h2 #delegations { (t(lang, "Exigences confiées aux prestataires", "Requirements entrusted to the providers")) }
            p { (t(lang,
                "Pour chaque exigence que le mémento permet de déléguer, choisissez qui en est responsable, puis enregistrez en bas du tableau. Seuls les choix permis par le mémento (colonne « Délégable ») et les prestataires enregistrés sont proposés.",
                "For each requirement the memento allows to delegate, choose who is responsible, then record at the bottom of the table. Only the choices the memento allows (column \"Delegable\") and recorded providers are offered.")) }
            @if !has(Role::A) && !has(Role::B) {
                p.warning { (t(lang, "Enregistrez d'abord un prestataire ci-dessus.", "Record a provider above first.")) }
            }
            form method="post" action="/delegations" {
                table {
                    caption { (t(lang, "Exigences délégables", "Delegable requirements")) }
                    thead {
                        tr {
                            th scope="col" { (t(lang, "Exigence", "Requirement")) }
                            th scope="col" { (t(lang, "Texte du mémento", "Memento text")) }
                            th scope="col" { (t(lang, "Délégable", "Delegable")) }
                            th scope="col" { (t(lang, "Dernier audit", "Latest audit")) }
                            th scope="col" { (t(lang, "Responsable", "Responsible")) }
                        }
                    }
                    tbody {
                        @for r in &rows {
                            @let now = holder(&r.id, p.delegations);
                            @let select_id = format!("d-{}", r.id.replace('.', "-"));
                            @let options = choices(lang, r.delegation, &now, &has);
                            tr {
                                th.when scope="row" { label for=(select_id) { (r.id) } }
                                td lang="fr" { (r.text.fr) }
                                td { (parts::delegation_label(r.delegation, lang)) }
                                td { @match p.report.and_then(|rep| rep.result(&r.id)) {
                                    Some(res) => (parts::badge(res.status, lang)),
                                    None => "—",
                                } }
                                td {
                                    select id=(select_id) name=(format!("d:{}", r.id)) {
                                        @for (value, label) in &options {
                                            option value=(value) selected[*value == now] { (label) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                button type="submit" { (t(lang, "Enregistrer les délégations", "Record the delegations")) }
            }
        }
    }
}
