use crate::protocol::EscalationState;
use crate::server::store::EscalationFilter;
use crate::server::store::sql::escalations;
use crate::server::store::sqlite::open;

#[test]
fn the_floor_query_reads_answered_escalations_by_their_index() {
    let dir = tempfile::tempdir().unwrap();
    let conn = open(dir.path()).unwrap();
    let (statement, _) = escalations::filtered(&EscalationFilter {
        state: Some(EscalationState::Answered),
        answered_from_ms: Some(0),
        ..EscalationFilter::default()
    });
    let plan: Vec<String> = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {statement}"))
        .unwrap()
        .query_map(rusqlite::params!["answered", 0], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|step| step.contains("escalations_by_answered")),
        "{plan:?}"
    );
}
