use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

use coopgraph::entities::organization;

use crate::helpers::db_test;

db_test!(migrations_go_up_down_and_up_again, |db| {
    let conn = db.connect().await;
    assert_eq!(organization::Entity::find().count(&conn).await.unwrap(), 0);
    assert!(
        Migrator::get_pending_migrations(&conn)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::down(&conn, None).await.unwrap();
    assert!(
        organization::Entity::find().count(&conn).await.is_err(),
        "tables are gone after down"
    );
    assert_eq!(
        Migrator::get_pending_migrations(&conn).await.unwrap().len(),
        Migrator::migrations().len()
    );

    Migrator::up(&conn, None).await.unwrap();
    assert_eq!(organization::Entity::find().count(&conn).await.unwrap(), 0);
    conn.execute_unprepared("SELECT 1").await.unwrap();
});

db_test!(
    the_database_rejects_a_membership_without_exactly_one_member_or_with_a_dangling_body,
    |db| {
        use coopgraph::entities::membership;
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let conn = db.with_bundled_data().await;
        let org = organization::Entity::find()
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let person = coopgraph::entities::person::Entity::find()
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let row = |slug: &str, person_id, organization_id| membership::ActiveModel {
            slug: Set(slug.into()),
            basis: Set("stated".into()),
            role: Set("member".into()),
            organization_id: Set(org.id),
            member_person_id: Set(person_id),
            member_organization_id: Set(organization_id),
            ..Default::default()
        };
        assert!(
            row("nobody", None, None).insert(&conn).await.is_err(),
            "no member"
        );
        assert!(
            row("both", Some(person.id), Some(org.id))
                .insert(&conn)
                .await
                .is_err(),
            "two members"
        );
        let mut dangling = row("dangling", Some(person.id), None);
        dangling.organization_id = Set(i32::MAX);
        assert!(
            dangling.insert(&conn).await.is_err(),
            "foreign keys are enforced"
        );
        assert!(
            row("one", Some(person.id), None)
                .insert(&conn)
                .await
                .is_ok(),
            "exactly one member"
        );
    }
);
