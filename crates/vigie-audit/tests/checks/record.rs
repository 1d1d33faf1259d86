//! The practice record folded into a report: context, current and stale
//! answers, `both` requirements, delegations and owners.

use crate::common::*;
use time::macros::datetime;
use vigie_audit::{Basis, Context, PracticeRecord, Profile, Report, Status};
use vigie_practice::{
    Answer, ContextAnswer, ContextQuestion, Declaration, Delegation, Organisation, Practice,
    Profession, Provider, Role,
};

fn declaration(id: &str, answer: Answer, at: time::OffsetDateTime) -> Declaration {
    Declaration {
        requirement_id: id.into(),
        answer,
        note: None,
        proof: None,
        author: "Dr Martin".into(),
        answered_at: at,
    }
}

const RECENT: time::OffsetDateTime = datetime!(2026-11-01 10:00 UTC);

fn record(organisation: Organisation) -> PracticeRecord {
    PracticeRecord {
        practice: Some(Practice {
            name: "Cabinet Martin".into(),
            profession: Profession::MedecinGeneraliste,
            organisation,
            address: None,
            created_at: RECENT,
        }),
        ..Default::default()
    }
}

fn report(tree: &Tree, record: &PracticeRecord) -> Report {
    let evidence = tree.offline();
    let profile = Profile::memento_2013();
    let catalog = vigie_catalog::embedded();
    let mut report = Report::generate(
        catalog,
        &Context::new(&evidence, &profile, AS_OF),
        false,
        0.0,
    );
    report.apply_record(catalog, record, AS_OF);
    report
}

fn linux_root() -> Tree {
    Tree::new().file("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
}

#[test]
fn answers_decide_declared_requirements() {
    let mut rec = record(Organisation::Solo);
    rec.declarations = vec![
        declaration("2.1.1.a", Answer::Yes, RECENT),
        declaration("2.1.2.a", Answer::No, RECENT),
        declaration("3.1.1.a", Answer::Partial, RECENT),
        declaration("3.1.1.b", Answer::Unknown, RECENT),
    ];
    let r = report(&linux_root(), &rec);
    let get = |id: &str| r.result(id).unwrap();
    assert_eq!(get("2.1.1.a").status, Status::Pass);
    assert_eq!(get("2.1.1.a").basis, Basis::Declaration);
    let d = get("2.1.1.a").declaration.as_ref().unwrap();
    assert_eq!(d.author, "Dr Martin");
    assert!(!d.stale);
    assert!(get("2.1.1.a").reason.fr.contains("Dr Martin"));
    assert_eq!(get("2.1.2.a").status, Status::Fail);
    assert_eq!(get("3.1.1.a").status, Status::Fail);
    assert_eq!(get("3.1.1.b").status, Status::Unknown);
    // Never answered: still open.
    assert_eq!(get("2.2.1.a").status, Status::Unknown);
    assert!(get("2.2.1.a").declaration.is_none());
    // The summary is recounted.
    let total: u32 = r.summary.total.total();
    assert_eq!(total as usize, r.requirements.len());
    assert_eq!(
        r.summary.total.fail as usize,
        r.requirements
            .iter()
            .filter(|x| x.status == Status::Fail)
            .count()
    );
}

#[test]
fn a_stale_answer_reopens_the_requirement_with_its_date() {
    let mut rec = record(Organisation::Solo);
    rec.declarations = vec![declaration(
        "2.1.1.a",
        Answer::Yes,
        datetime!(2023-01-15 09:00 UTC),
    )];
    let r = report(&linux_root(), &rec);
    let res = r.result("2.1.1.a").unwrap();
    assert_eq!(res.status, Status::Unknown);
    assert!(res.declaration.as_ref().unwrap().stale);
    assert!(res.reason.fr.contains("15/01/2023"), "{}", res.reason.fr);
}

#[test]
fn the_latest_answer_counts() {
    let mut rec = record(Organisation::Solo);
    rec.declarations = vec![
        declaration("2.1.1.a", Answer::No, datetime!(2026-10-01 09:00 UTC)),
        declaration("2.1.1.a", Answer::Yes, RECENT),
    ];
    let r = report(&linux_root(), &rec);
    assert_eq!(r.result("2.1.1.a").unwrap().status, Status::Pass);
}

#[test]
fn context_makes_requirements_not_applicable_without_asking() {
    let mut rec = record(Organisation::Solo);
    rec.context
        .set(
            ContextQuestion::CpeIssued,
            ContextAnswer {
                value: Some(false),
                author: "Dr Martin".into(),
                answered_at: RECENT,
            },
        )
        .unwrap();
    let r = report(&linux_root(), &rec);
    // A solo practice: the group-practice requirements do not apply.
    assert_eq!(r.result("1.1.2.a").unwrap().status, Status::NotApplicable);
    // No CPE card issued.
    assert_eq!(r.result("5.1.2.a").unwrap().status, Status::NotApplicable);
    // A group practice is asked.
    let r = report(&linux_root(), &record(Organisation::Group));
    assert_eq!(r.result("1.1.2.a").unwrap().status, Status::Unknown);
}

#[test]
fn not_applicable_only_where_the_memento_allows_it() {
    let mut rec = record(Organisation::Solo);
    // 2.1.1.a (reading the memento) cannot be "non concerné".
    rec.declarations = vec![declaration("2.1.1.a", Answer::NotApplicable, RECENT)];
    let r = report(&linux_root(), &rec);
    let res = r.result("2.1.1.a").unwrap();
    assert_eq!(res.status, Status::Unknown);
    assert!(res.reason.fr.contains("n'est pas une réponse possible"));
}

#[test]
fn both_requirements_combine_machine_and_declaration() {
    // 3.1.1.d: no UPS can be seen; the declaration decides.
    let mut rec = record(Organisation::Solo);
    rec.declarations = vec![
        declaration("3.1.1.d", Answer::Yes, RECENT),
        // 4.3.3.c: the machine cannot tell offline without fstab; a "oui"
        // about USB drives does not make the disks encrypted.
        declaration("4.3.3.c", Answer::Yes, RECENT),
    ];
    let r = report(&linux_root(), &rec);
    let ups = r.result("3.1.1.d").unwrap();
    assert_eq!(ups.machine_status, Some(Status::Unknown));
    assert_eq!(ups.status, Status::Pass, "{}", ups.reason.fr);
    assert_eq!(ups.basis, Basis::MachineAndDeclaration);
    let enc = r.result("4.3.3.c").unwrap();
    assert_ne!(enc.status, Status::Pass, "{}", enc.reason.fr);

    // A machine failure stands whatever is declared.
    let plain = linux_root().file("/etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n");
    let r = report(&plain, &rec);
    let enc = r.result("4.3.3.c").unwrap();
    assert_eq!(enc.machine_status, Some(Status::Fail));
    assert_eq!(enc.status, Status::Fail);

    // A declared "non" fails even when the machine saw nothing wrong.
    rec.declarations = vec![declaration("3.1.1.d", Answer::No, RECENT)];
    assert_eq!(
        report(&linux_root(), &rec)
            .result("3.1.1.d")
            .unwrap()
            .status,
        Status::Fail
    );
}

#[test]
fn delegations_name_an_owner_and_never_hide_a_failure() {
    let mut rec = record(Organisation::Solo);
    rec.providers = vec![Provider {
        role: Role::A,
        name: "Info Santé Services".into(),
        contact: None,
        contract_date: None,
        hds_certificate: None,
        hds_expiry: None,
    }];
    rec.delegations = vec![Delegation {
        requirement_id: "4.3.1.a".into(),
        role: Role::A,
    }];
    let r = report(&linux_root(), &rec);
    let res = r.result("4.3.1.a").unwrap();
    let owner = res.owner.as_ref().unwrap();
    assert_eq!(owner.role, Role::A);
    assert_eq!(owner.provider, "Info Santé Services");
    assert_ne!(res.status, Status::Pass);
    assert_eq!(r.providers.len(), 1);
    assert_eq!(r.providers[0].requirements, vec!["4.3.1.a".to_string()]);
    assert_eq!(r.practice.as_ref().unwrap().name, "Cabinet Martin");
}
