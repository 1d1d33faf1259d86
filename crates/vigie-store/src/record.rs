//! The practice, its context, declarations, providers and delegations.

use crate::sql::{self, code, conv, mapper, Day, Ts};
use crate::{Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;
use vigie_practice::{
    validate_delegation, Answer, AnswersBatch, Context, ContextAnswer, ContextQuestion,
    Declaration, Delegation, Organisation, Practice, Profession, Provider, Role,
};

fn invalid(
    path: &Path,
    what: impl Into<String>,
) -> impl FnOnce(vigie_practice::ValidationError) -> StoreError + '_ {
    let what = what.into();
    move |source| StoreError::Invalid {
        path: path.to_path_buf(),
        what,
        source,
    }
}

impl Store {
    /// Records the practice (`vigie init`). Refused if one is recorded.
    pub fn init_practice(&mut self, practice: &Practice) -> Result<(), StoreError> {
        self.write(|tx, path| {
            if let Some(existing) = read_practice(tx, path)? {
                return Err(StoreError::PracticeExists {
                    path: path.to_path_buf(),
                    name: existing.name,
                });
            }
            insert_practice(tx, path, practice)
        })
    }

    /// Changes the practice's name, profession, organisation or address;
    /// its creation date stays.
    pub fn update_practice(&mut self, practice: &Practice) -> Result<(), StoreError> {
        practice
            .validate()
            .map_err(invalid(&self.path, "practice"))?;
        self.write(|tx, path| {
            sql::require_practice(tx, path)?;
            let (profession, other) = profession_columns(&practice.profession);
            tx.execute(
                "UPDATE practice SET name = ?1, profession = ?2, profession_other = ?3,
                        organisation = ?4, address = ?5 WHERE id = 1",
                params![
                    practice.name,
                    profession,
                    other,
                    practice.organisation.code(),
                    practice.address
                ],
            )
            .map_err(mapper(path))?;
            Ok(())
        })
    }

    /// The practice, if recorded.
    pub fn practice(&self) -> Result<Option<Practice>, StoreError> {
        read_practice(&self.conn, &self.path)
    }

    /// Records (or replaces) the answer to a context question.
    pub fn set_context(
        &mut self,
        question: ContextQuestion,
        answer: &ContextAnswer,
    ) -> Result<(), StoreError> {
        self.write(|tx, path| {
            sql::require_practice(tx, path)?;
            upsert_context(tx, path, question, answer)
        })
    }

    /// The context answers recorded so far.
    pub fn context(&self) -> Result<Context, StoreError> {
        read_context(&self.conn, &self.path)
    }

    /// Records one declaration; returns its number in the history.
    pub fn record_declaration(&mut self, declaration: &Declaration) -> Result<i64, StoreError> {
        self.write(|tx, path| {
            sql::require_practice(tx, path)?;
            insert_declaration(tx, path, 1, declaration)
        })
    }

    /// Records several declarations in one transaction: all of them, or
    /// none if any is refused.
    pub fn record_declarations(
        &mut self,
        declarations: &[Declaration],
    ) -> Result<usize, StoreError> {
        self.write(|tx, path| {
            sql::require_practice(tx, path)?;
            for (i, d) in declarations.iter().enumerate() {
                insert_declaration(tx, path, i + 1, d)?;
            }
            Ok(declarations.len())
        })
    }

    /// Records what an answers file holds (context answers, then
    /// declarations) in one transaction: all of it or nothing.
    pub fn record_answers(&mut self, batch: &AnswersBatch) -> Result<(), StoreError> {
        self.write(|tx, path| {
            sql::require_practice(tx, path)?;
            for (question, answer) in &batch.context {
                upsert_context(tx, path, *question, answer)?;
            }
            for (i, d) in batch.declarations.iter().enumerate() {
                insert_declaration(tx, path, i + 1, d)?;
            }
            Ok(())
        })
    }

    /// Every declaration of one requirement, oldest first.
    pub fn history(&self, requirement_id: &str) -> Result<Vec<Declaration>, StoreError> {
        read_declarations(
            &self.conn,
            &self.path,
            "WHERE requirement_id = ?1 ORDER BY id",
            [requirement_id],
        )
    }

    /// The latest declaration of each requirement ever answered, by
    /// requirement id. "Latest" is the last recorded (recording order is
    /// the truth, whatever the dates say).
    pub fn latest_declarations(&self) -> Result<BTreeMap<String, Declaration>, StoreError> {
        let rows = read_declarations(
            &self.conn,
            &self.path,
            "WHERE id IN (SELECT max(id) FROM declarations GROUP BY requirement_id)",
            [],
        )?;
        Ok(rows
            .into_iter()
            .map(|d| (d.requirement_id.clone(), d))
            .collect())
    }

    /// The latest declaration of one requirement.
    pub fn latest_declaration(
        &self,
        requirement_id: &str,
    ) -> Result<Option<Declaration>, StoreError> {
        Ok(read_declarations(
            &self.conn,
            &self.path,
            "WHERE requirement_id = ?1 ORDER BY id DESC LIMIT 1",
            [requirement_id],
        )?
        .pop())
    }

    /// Every declaration, in recording order.
    pub fn declarations(&self) -> Result<Vec<Declaration>, StoreError> {
        read_declarations(&self.conn, &self.path, "ORDER BY id", [])
    }

    /// Records a provider, replacing the one with the same role (its
    /// delegations stay).
    pub fn set_provider(&mut self, provider: &Provider) -> Result<(), StoreError> {
        self.write(|tx, path| {
            sql::require_practice(tx, path)?;
            upsert_provider(tx, path, provider)
        })
    }

    /// Removes the provider of a role; refused while requirements are
    /// delegated to it (undelegate them first, so none is dropped
    /// silently). Returns whether there was one.
    pub fn remove_provider(&mut self, role: Role) -> Result<bool, StoreError> {
        self.write(|tx, path| {
            let held: Vec<String> = read_delegations(tx, path)?
                .into_iter()
                .filter(|d| d.role == role)
                .map(|d| d.requirement_id)
                .collect();
            if !held.is_empty() {
                return Err(StoreError::ProviderHasDelegations {
                    path: path.to_path_buf(),
                    role,
                    requirements: held,
                });
            }
            let n = tx
                .execute("DELETE FROM providers WHERE role = ?1", [role.code()])
                .map_err(mapper(path))?;
            Ok(n > 0)
        })
    }

    /// The recorded providers, A then B.
    pub fn providers(&self) -> Result<Vec<Provider>, StoreError> {
        read_providers(&self.conn, &self.path)
    }

    /// The provider of a role.
    pub fn provider(&self, role: Role) -> Result<Option<Provider>, StoreError> {
        Ok(self.providers()?.into_iter().find(|p| p.role == role))
    }

    /// Delegates a requirement to a provider. `allowed` is the catalog's
    /// cartouche for the requirement; the provider must be recorded.
    /// Returns false if it was already delegated to that provider.
    pub fn delegate(
        &mut self,
        requirement_id: &str,
        role: Role,
        allowed: vigie_catalog::Delegation,
    ) -> Result<bool, StoreError> {
        validate_delegation(requirement_id, role, allowed)
            .map_err(invalid(&self.path, "delegation"))?;
        self.write(|tx, path| {
            let d = Delegation {
                requirement_id: requirement_id.into(),
                role,
            };
            insert_delegation(tx, path, &d)
        })
    }

    /// Ends a delegation; returns whether it existed.
    pub fn undelegate(&mut self, requirement_id: &str, role: Role) -> Result<bool, StoreError> {
        self.write(|tx, path| {
            let n = tx
                .execute(
                    "DELETE FROM delegations WHERE requirement_id = ?1 AND role = ?2",
                    params![requirement_id, role.code()],
                )
                .map_err(mapper(path))?;
            Ok(n > 0)
        })
    }

    /// Every delegation, by requirement id then role.
    pub fn delegations(&self) -> Result<Vec<Delegation>, StoreError> {
        read_delegations(&self.conn, &self.path)
    }
}

fn profession_columns(p: &Profession) -> (&'static str, Option<&str>) {
    match p {
        Profession::Other(name) => ("other", Some(name.as_str())),
        known => (known.code(), None),
    }
}

pub(crate) fn insert_practice(
    conn: &Connection,
    path: &Path,
    practice: &Practice,
) -> Result<(), StoreError> {
    practice.validate().map_err(invalid(path, "practice"))?;
    let (profession, other) = profession_columns(&practice.profession);
    conn.execute(
        "INSERT INTO practice (id, name, profession, profession_other, organisation, address, created_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            practice.name,
            profession,
            other,
            practice.organisation.code(),
            practice.address,
            sql::timestamp(path, "practice", practice.created_at)?
        ],
    )
    .map_err(mapper(path))?;
    Ok(())
}

pub(crate) fn read_practice(
    conn: &Connection,
    path: &Path,
) -> Result<Option<Practice>, StoreError> {
    conn.query_row(
        "SELECT name, profession, profession_other, organisation, address, created_at
         FROM practice WHERE id = 1",
        [],
        |r| {
            let profession: String = r.get(1)?;
            let other: Option<String> = r.get(2)?;
            let organisation: String = r.get(3)?;
            Ok(Practice {
                name: r.get(0)?,
                profession: conv(
                    1,
                    code(&profession, "profession", |c| {
                        Profession::from_code(c, other.as_deref())
                    }),
                )?,
                organisation: conv(
                    3,
                    code(&organisation, "organisation", Organisation::from_code),
                )?,
                address: r.get(4)?,
                created_at: r.get::<_, Ts>(5)?.0,
            })
        },
    )
    .optional()
    .map_err(mapper(path))
}

pub(crate) fn upsert_context(
    conn: &Connection,
    path: &Path,
    question: ContextQuestion,
    answer: &ContextAnswer,
) -> Result<(), StoreError> {
    // Checks the answer and refuses the derived question.
    Context::default()
        .set(question, answer.clone())
        .map_err(invalid(path, format!("context {}", question.key())))?;
    conn.execute(
        "INSERT INTO context_answers (question, value, author, answered_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (question) DO UPDATE SET value = excluded.value, author = excluded.author,
             answered_at = excluded.answered_at",
        params![
            question.key(),
            answer.value,
            answer.author,
            sql::timestamp(path, "context answer", answer.answered_at)?
        ],
    )
    .map_err(mapper(path))?;
    Ok(())
}

pub(crate) fn read_context(conn: &Connection, path: &Path) -> Result<Context, StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare("SELECT question, value, author, answered_at FROM context_answers")
        .map_err(&map)?;
    let rows = stmt
        .query_map([], |r| {
            let key: String = r.get(0)?;
            let question = conv(0, code(&key, "context question", ContextQuestion::from_key))?;
            Ok((
                question,
                ContextAnswer {
                    value: r.get(1)?,
                    author: r.get(2)?,
                    answered_at: r.get::<_, Ts>(3)?.0,
                },
            ))
        })
        .map_err(&map)?;
    let mut context = Context::default();
    for row in rows {
        let (question, answer) = row.map_err(&map)?;
        context
            .set(question, answer)
            .map_err(invalid(path, format!("stored context {}", question.key())))?;
    }
    Ok(context)
}

pub(crate) fn insert_declaration(
    conn: &Connection,
    path: &Path,
    position: usize,
    d: &Declaration,
) -> Result<i64, StoreError> {
    d.validate().map_err(invalid(
        path,
        format!("declaration {position} ({})", d.requirement_id),
    ))?;
    conn.execute(
        "INSERT INTO declarations (requirement_id, answer, note, proof, author, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            d.requirement_id,
            d.answer.code(),
            d.note,
            d.proof,
            d.author,
            sql::timestamp(path, "declaration", d.answered_at)?
        ],
    )
    .map_err(mapper(path))?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn read_declarations<P: rusqlite::Params>(
    conn: &Connection,
    path: &Path,
    clause: &str,
    params: P,
) -> Result<Vec<Declaration>, StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare(&format!(
            "SELECT requirement_id, answer, note, proof, author, answered_at FROM declarations {clause}"
        ))
        .map_err(&map)?;
    let rows = stmt
        .query_map(params, |r| {
            let answer: String = r.get(1)?;
            Ok(Declaration {
                requirement_id: r.get(0)?,
                answer: conv(1, code(&answer, "answer", Answer::from_code))?,
                note: r.get(2)?,
                proof: r.get(3)?,
                author: r.get(4)?,
                answered_at: r.get::<_, Ts>(5)?.0,
            })
        })
        .map_err(&map)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&map)
}

pub(crate) fn upsert_provider(
    conn: &Connection,
    path: &Path,
    p: &Provider,
) -> Result<(), StoreError> {
    p.validate()
        .map_err(invalid(path, format!("provider {}", p.role)))?;
    conn.execute(
        "INSERT INTO providers (role, name, contact, contract_date, hds_certificate, hds_expiry)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (role) DO UPDATE SET name = excluded.name, contact = excluded.contact,
             contract_date = excluded.contract_date, hds_certificate = excluded.hds_certificate,
             hds_expiry = excluded.hds_expiry",
        params![
            p.role.code(),
            p.name,
            p.contact,
            sql::day(path, "contract date", p.contract_date)?,
            p.hds_certificate,
            sql::day(path, "HDS expiry", p.hds_expiry)?
        ],
    )
    .map_err(mapper(path))?;
    Ok(())
}

pub(crate) fn read_providers(conn: &Connection, path: &Path) -> Result<Vec<Provider>, StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare(
            "SELECT role, name, contact, contract_date, hds_certificate, hds_expiry
             FROM providers ORDER BY role",
        )
        .map_err(&map)?;
    let rows = stmt
        .query_map([], |r| {
            let role: String = r.get(0)?;
            Ok(Provider {
                role: conv(0, code(&role, "role", Role::from_code))?,
                name: r.get(1)?,
                contact: r.get(2)?,
                contract_date: r.get::<_, Option<Day>>(3)?.map(|d| d.0),
                hds_certificate: r.get(4)?,
                hds_expiry: r.get::<_, Option<Day>>(5)?.map(|d| d.0),
            })
        })
        .map_err(&map)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&map)
}

/// Inserts a delegation (its form is checked by the caller); returns false
/// if it existed.
pub(crate) fn insert_delegation(
    conn: &Connection,
    path: &Path,
    d: &Delegation,
) -> Result<bool, StoreError> {
    if !vigie_practice::is_requirement_id(&d.requirement_id) {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            what: "delegation".into(),
            source: vigie_practice::ValidationError::BadRequirementId(d.requirement_id.clone()),
        });
    }
    let exists: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM providers WHERE role = ?1",
            [d.role.code()],
            |r| r.get(0),
        )
        .optional()
        .map_err(mapper(path))?;
    if exists.is_none() {
        return Err(StoreError::NoProvider {
            path: path.to_path_buf(),
            role: d.role,
        });
    }
    let n = conn
        .execute(
            "INSERT INTO delegations (requirement_id, role) VALUES (?1, ?2)
             ON CONFLICT DO NOTHING",
            params![d.requirement_id, d.role.code()],
        )
        .map_err(mapper(path))?;
    Ok(n > 0)
}

pub(crate) fn read_delegations(
    conn: &Connection,
    path: &Path,
) -> Result<Vec<Delegation>, StoreError> {
    let map = mapper(path);
    let mut stmt = conn
        .prepare("SELECT requirement_id, role FROM delegations ORDER BY requirement_id, role")
        .map_err(&map)?;
    let rows = stmt
        .query_map([], |r| {
            let role: String = r.get(1)?;
            Ok(Delegation {
                requirement_id: r.get(0)?,
                role: conv(1, code(&role, "role", Role::from_code))?,
            })
        })
        .map_err(&map)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&map)
}
