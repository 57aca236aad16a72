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
