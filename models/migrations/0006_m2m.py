"""M2M: the certificate registry, and the change feed's columns on melding_versie
(the handling gemeente and the writing transaction), filled for versions already there."""
import datetime

from peewee import *


def up(migrator, db):
    class Organisatie(Model):
        class Meta:
            database = db
            table_name = 'organisatie'

    class Gebruiker(Model):
        class Meta:
            database = db
            table_name = 'gebruiker'

    class Certificaat(Model):
        organisatie = ForeignKeyField(Organisatie)
        vingerafdruk = CharField(max_length=64, unique=True)
        subject = CharField(max_length=500)
        issuer = CharField(max_length=500)
        serienummer = CharField(max_length=64)
        oin = CharField(max_length=20)
        geldig_van = DateTimeField()
        geldig_tot = DateTimeField()
        pem = TextField()
        status = CharField(max_length=12, default='actief')
        geregistreerd_door = ForeignKeyField(Gebruiker, null=True)
        geregistreerd_op = DateTimeField(default=datetime.datetime.now)
        ingetrokken_op = DateTimeField(null=True)
        gewaarschuwd = IntegerField(null=True)
        class Meta:
            database = db
            table_name = 'certificaat'
    db.create_tables([Certificaat])

    class Gemeente(Model):
        class Meta:
            database = db
            table_name = 'gemeente'

    migrator.migrate(
        migrator.add_column('melding_versie', 'gemeente_id',
                            ForeignKeyField(Gemeente, null=True, field=Gemeente.id)),
        migrator.add_column('melding_versie', 'transactie', BigIntegerField(default=0)),
    )
    db.execute_sql('UPDATE melding_versie SET gemeente_id = (SELECT m.gemeente_id FROM '
                   'verzuimmelding m WHERE m.id = melding_versie.melding_id)')
    migrator.migrate(
        migrator.add_index('melding_versie', ('gemeente_id', 'transactie', 'id'), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('melding_versie', 'melding_versie_gemeente_id_transactie_id'),
        migrator.drop_index('melding_versie', 'melding_versie_gemeente_id'),
        migrator.drop_column('melding_versie', 'transactie'),
        migrator.drop_column('melding_versie', 'gemeente_id'),
        migrator.drop_table('certificaat'),
    )
