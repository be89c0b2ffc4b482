"""Initial schema: organisations, reference data, users, persons, inschrijvingen, mutaties.

Frozen copies of the models as they were; `utcnow` defaults are applied by the
models in Python, so the schema needs none."""
from peewee import *


def up(migrator, db):
    class Organisatie(Model):
        soort = CharField(max_length=20)
        naam = CharField(max_length=200)
        oin = CharField(unique=True, max_length=20)
        class Meta:
            database = db
            table_name = 'organisatie'
    db.create_tables([Organisatie])

    class Bestuur(Model):
        code = CharField(unique=True, max_length=5)
        naam = CharField(max_length=200)
        organisatie = ForeignKeyField(Organisatie, unique=True)
        class Meta:
            database = db
            table_name = 'bestuur'
    db.create_tables([Bestuur])

    class BrpPersoon(Model):
        bsn = CharField(primary_key=True, max_length=9)
        geslachtsnaam = CharField(max_length=200)
        voorvoegsel = CharField(null=True, max_length=20)
        voornamen = CharField(null=True, max_length=200)
        geslacht = CharField(max_length=1)
        geboortedatum = DateField()
        straatnaam = CharField(null=True, max_length=200)
        huisnummer = IntegerField(null=True)
        huisletter = CharField(null=True, max_length=1)
        huisnummertoevoeging = CharField(null=True, max_length=4)
        postcode = CharField(null=True, max_length=7)
        woonplaats = CharField(null=True, max_length=100)
        gemeentecode = CharField(null=True, max_length=4)
        datum_overlijden = DateField(null=True)
        class Meta:
            database = db
            table_name = 'brp_persoon'
    db.create_tables([BrpPersoon])

    class Gebruiker(Model):
        organisatie = ForeignKeyField(Organisatie)
        gebruikersnaam = CharField(unique=True, max_length=100)
        naam = CharField(max_length=200)
        email = CharField(null=True, max_length=254)
        wachtwoord_hash = CharField()
        totp_secret = CharField(null=True, max_length=64)
        totp_actief = BooleanField(default=False)
        laatste_totp_stap = IntegerField(default=0)
        mislukte_pogingen = IntegerField(default=0)
        geblokkeerd_tot = DateTimeField(null=True)
        actief = BooleanField(default=True)
        aangemaakt = DateTimeField()
        class Meta:
            database = db
            table_name = 'gebruiker'
    db.create_tables([Gebruiker])

    class Regio(Model):
        code = CharField(unique=True, max_length=4)
        naam = CharField(max_length=200)
        organisatie = ForeignKeyField(Organisatie, null=True)
        class Meta:
            database = db
            table_name = 'regio'
    db.create_tables([Regio])

    class Gemeente(Model):
        code = CharField(unique=True, max_length=4)
        naam = CharField(max_length=200)
        regio = ForeignKeyField(Regio, null=True)
        verzuimloket_email = CharField(null=True, max_length=254)
        geldig_van = DateField(null=True)
        geldig_tot = DateField(null=True)
        opgevolgd_door = ForeignKeyField('self', null=True)
        organisatie = ForeignKeyField(Organisatie, null=True)
        class Meta:
            database = db
            table_name = 'gemeente'
    db.create_tables([Gemeente])

    class Persoon(Model):
        bsn = CharField(unique=True, null=True, max_length=9)
        onderwijsnummer = CharField(unique=True, null=True, max_length=9)
        achternaam = CharField(null=True, max_length=200)
        voorvoegsels = CharField(null=True, max_length=20)
        voornamen = CharField(null=True, max_length=200)
        geslacht = CharField(max_length=1)
        geboortedatum = DateField()
        geboortedatum_precisie = CharField(max_length=1, default='D')
        datum_overlijden = DateField(null=True)
        adresbron = CharField(max_length=10, default='school')
        postcode = CharField(null=True, max_length=7)
        huisnummer = IntegerField(null=True)
        huisletter = CharField(null=True, max_length=1)
        huisnummertoevoeging = CharField(null=True, max_length=4)
        huisnummeraanduiding = CharField(null=True, max_length=2)
        straatnaam = CharField(null=True, max_length=200)
        plaatsnaam = CharField(null=True, max_length=100)
        aanduiding_locatie = CharField(null=True, max_length=100)
        woonland = CharField(max_length=4, default='6030')
        adresregel1 = CharField(null=True, max_length=100)
        adresregel2 = CharField(null=True, max_length=100)
        adresregel3 = CharField(null=True, max_length=100)
        woongemeente = ForeignKeyField(Gemeente, null=True)
        aangemaakt = DateTimeField()
        gewijzigd = DateTimeField()
        class Meta:
            database = db
            table_name = 'persoon'
    db.create_tables([Persoon])

    class Instelling(Model):
        code = CharField(unique=True, max_length=4)
        naam = CharField(max_length=200)
        soort = CharField(max_length=2)
        categorie = CharField(max_length=10)
        oprichtingsdatum = DateField()
        bestuur = ForeignKeyField(Bestuur)
        class Meta:
            database = db
            table_name = 'instelling'
    db.create_tables([Instelling])

    class Onderwijslocatie(Model):
        code = CharField(unique=True, max_length=6)
        naam = CharField(max_length=200)
        plaats = CharField(null=True, max_length=100)
        instelling = ForeignKeyField(Instelling)
        class Meta:
            database = db
            table_name = 'onderwijslocatie'
    db.create_tables([Onderwijslocatie])

    class Inschrijving(Model):
        persoon = ForeignKeyField(Persoon)
        instelling = ForeignKeyField(Instelling)
        onderwijslocatie = ForeignKeyField(Onderwijslocatie, null=True)
        datum_inschrijving = DateField()
        datum_uitschrijving = DateField(null=True)
        aangemaakt = DateTimeField()
        gewijzigd = DateTimeField()
        class Meta:
            database = db
            table_name = 'inschrijving'
    db.create_tables([Inschrijving])

    class Inzagelog(Model):
        id = BigAutoField()
        tijdstip = DateTimeField(index=True)
        actor = CharField(max_length=100)
        organisatie = ForeignKeyField(Organisatie, null=True)
        doel = CharField(max_length=100)
        personen = TextField()
        class Meta:
            database = db
            table_name = 'inzagelog'
    db.create_tables([Inzagelog])

    class Kenmerk(Model):
        gebruiker = ForeignKeyField(Gebruiker, on_delete='CASCADE')
        soort = CharField(max_length=20)
        waarde = CharField(max_length=10)
        class Meta:
            database = db
            table_name = 'kenmerk'
            indexes = ((('gebruiker', 'soort', 'waarde'), True),)
    db.create_tables([Kenmerk])

    class Land(Model):
        code = CharField(primary_key=True, max_length=4)
        naam = CharField(max_length=100)
        naam_en = CharField(max_length=100)
        class Meta:
            database = db
            table_name = 'land'
    db.create_tables([Land])

    class Mutatie(Model):
        id = BigAutoField()
        tijdstip = DateTimeField(index=True)
        actor = CharField(max_length=100)
        organisatie = ForeignKeyField(Organisatie, null=True)
        onderwerp = CharField(max_length=30)
        onderwerp_id = IntegerField()
        persoon = ForeignKeyField(Persoon, null=True)
        soort = CharField(max_length=60)
        voor = TextField(null=True)
        na = TextField(null=True)
        class Meta:
            database = db
            table_name = 'mutatie'
    db.create_tables([Mutatie])

    class Nummerreeks(Model):
        naam = CharField(primary_key=True, max_length=40)
        volgende = IntegerField()
        class Meta:
            database = db
            table_name = 'nummerreeks'
    db.create_tables([Nummerreeks])

    class Postcodegebied(Model):
        pc4 = CharField(primary_key=True, max_length=4)
        gemeente = ForeignKeyField(Gemeente)
        class Meta:
            database = db
            table_name = 'postcodegebied'
    db.create_tables([Postcodegebied])

    class Rol(Model):
        gebruiker = ForeignKeyField(Gebruiker, on_delete='CASCADE')
        rol = CharField(max_length=40)
        class Meta:
            database = db
            table_name = 'rol'
            indexes = ((('gebruiker', 'rol'), True),)
    db.create_tables([Rol])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('rol'))
    migrator.migrate(migrator.drop_table('postcodegebied'))
    migrator.migrate(migrator.drop_table('nummerreeks'))
    migrator.migrate(migrator.drop_table('mutatie'))
    migrator.migrate(migrator.drop_table('land'))
    migrator.migrate(migrator.drop_table('kenmerk'))
    migrator.migrate(migrator.drop_table('inzagelog'))
    migrator.migrate(migrator.drop_table('inschrijving'))
    migrator.migrate(migrator.drop_table('onderwijslocatie'))
    migrator.migrate(migrator.drop_table('instelling'))
    migrator.migrate(migrator.drop_table('persoon'))
    migrator.migrate(migrator.drop_table('gemeente'))
    migrator.migrate(migrator.drop_table('regio'))
    migrator.migrate(migrator.drop_table('gebruiker'))
    migrator.migrate(migrator.drop_table('brp_persoon'))
    migrator.migrate(migrator.drop_table('bestuur'))
    migrator.migrate(migrator.drop_table('organisatie'))
