"""python -m bench overzicht [--engine sqlite|postgres|both] [--sizes 10000,1000000] [--repeat N]
python -m bench verzuim [--engine sqlite|postgres|both] [--sizes 10000,1000000] [--repeat N]
python -m bench m2m [--engine sqlite|postgres|both] [--meldingen N] [--seconds S] [--rounds N]
python -m bench schrijvers [--engine sqlite|postgres|both] [--writers 1,5,20] [--seconds 30]
python -m bench pagina [--engine sqlite|postgres|both] [--sizes 10000,1000000] [--rounds N]
                       [--zonder-server] [--clients N] [--seconds S]
python -m bench bestanden [--engine sqlite|postgres|both] [--sizes 10000,100000]
                          [--register 1000000] [--overzicht 2000,20000] [--rounds N]
                          [--profiel] [--snel] [--alleen upload|overzicht]
python -m bench leveringen [--engine sqlite|postgres|both] [--personen 3500000]
                           [--groot 150000] [--klein 15000] [--gemeenten 342] [--rondes N]
                           [--geheugen N] [--p-rondes N] [--alleen c|p] [--sql STATEMENT]
                           [--explain] [--bewaar] [--register URL]
python -m bench herindeling [--engine sqlite|postgres|both] [--personen 3500000]
                            [--groot 150000] [--vertrekkers 200000] [--rondes N]
                            [--bewaar] [--register URL]
python -m bench genereer URL SIZE        (a synthetic register in a migrated or empty database)

PostgreSQL: throwaway databases on the server of BENCH_DATABASE_URL
(default postgresql://postgres@127.0.0.1:5432/postgres), dropped afterwards."""
import argparse
import datetime
import sys
import time


def _groottes(text):
    try:
        waarden = [int(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not waarden:
        raise argparse.ArgumentTypeError("no sizes")
    return waarden


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    o = sub.add_parser("overzicht", help="time the Overzicht search for a school of 2,000 pupils")
    o.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    o.add_argument("--sizes", type=_groottes, default=[10_000, 1_000_000],
                   help="register sizes in enrolments, comma-separated (default 10000,1000000)")
    o.add_argument("--repeat", type=int, default=25, help="timed calls per size and term (median)")
    o.add_argument("--seed", type=int, default=2026)
    o.add_argument("--explain", action="store_true", help="also print the query plans")
    o.add_argument("--sql", action="append", default=[], metavar="STATEMENT",
                   help="what-if: run STATEMENT after generating, before ANALYZE (repeatable)")
    o.add_argument("--sqlite-pragma", action="append", default=[], metavar="NAME=VALUE",
                   help="what-if: an extra SQLite connection pragma (repeatable); for "
                        "PostgreSQL settings use PGOPTIONS='-c name=value'")
    v = sub.add_parser("verzuim", help="time Raadplegen Verzuim and the gemeente's werkvoorraad")
    v.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    v.add_argument("--sizes", type=_groottes, default=[10_000, 1_000_000],
                   help="register sizes in meldingen (default 10000,1000000)")
    v.add_argument("--repeat", type=int, default=25)
    m = sub.add_parser("m2m", help="the gemeente change feed over mTLS against a trivial endpoint")
    m.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    m.add_argument("--meldingen", type=lambda x: int(x.replace("_", "")), default=1_000_000,
                   help="register size in meldingen (default 1000000)")
    m.add_argument("--seconds", type=float, default=5, help="per measurement and round")
    m.add_argument("--rounds", type=int, default=3, help="rounds of all measurements (median)")
    s = sub.add_parser("schrijvers", help="concurrent writers (saves, logins, status changes) "
                                          "against live gunicorn")
    s.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    s.add_argument("--writers", type=_groottes, default=[1, 5, 20],
                   help="numbers of concurrent writers, comma-separated (default 1,5,20)")
    s.add_argument("--seconds", type=float, default=30, help="per run (default 30)")
    p = sub.add_parser("pagina", help="every page within 3 x its raw SQL, and the web app "
                                      "under gunicorn (issue 13)")
    p.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--sizes", type=_groottes, default=[10_000, 1_000_000],
                   help="register sizes, each N enrolments and N meldingen, comma-separated "
                        "(default 10000,1000000)")
    p.add_argument("--rounds", type=int, default=41, help="timed rounds (median; default 41)")
    p.add_argument("--zonder-server", action="store_true",
                   help="skip the throughput under gunicorn")
    p.add_argument("--clients", type=int, default=8,
                   help="client threads against gunicorn (default 8)")
    p.add_argument("--seconds", type=float, default=15,
                   help="per gunicorn measurement (default 15)")
    b = sub.add_parser("bestanden", help="an enrolment file through its job against raw "
                                         "insert_many, and the registratieoverzicht against "
                                         "a raw CSV export (issue 14)")
    b.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    b.add_argument("--sizes", type=_groottes, default=None,
                   help="rows of the enrolment files, comma-separated (default 10000,100000)")
    b.add_argument("--register", type=lambda x: int(x.replace("_", "")), default=None,
                   help="enrolments in the register of the overview (default 1000000)")
    b.add_argument("--overzicht", type=_groottes, default=[2_000, 20_000],
                   help="enrolments of the schools whose overview is downloaded "
                        "(default 2000,20000)")
    b.add_argument("--rounds", type=int, default=None,
                   help="timed rounds of the overview (median; default 5)")
    b.add_argument("--profiel", action="store_true",
                   help="print the top 25 of the job's profile by cumulative time")
    b.add_argument("--snel", action="store_true",
                   help="a quick check: files of 1000,10000 rows, a register of 50000, "
                        "3 rounds (unless given)")
    b.add_argument("--alleen", choices=("upload", "overzicht"), default=None,
                   help="only the upload processing, or only the overview")
    lv = sub.add_parser("leveringen", help="the C-levering against a raw export of its rows, "
                                           "the weekly P-levering of every gemeente, peak "
                                           "memory, in a national register")
    lv.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    lv.add_argument("--personen", type=lambda x: int(x.replace("_", "")), default=3_500_000,
                    help="persons in the register (default 3500000)")
    lv.add_argument("--groot", type=lambda x: int(x.replace("_", "")), default=150_000,
                    help="persons of the large gemeente, 0363 (default 150000)")
    lv.add_argument("--klein", type=lambda x: int(x.replace("_", "")), default=15_000,
                    help="persons of the small gemeente, 0014 (default 15000)")
    lv.add_argument("--gemeenten", type=int, default=342, help="gemeenten (default 342)")
    lv.add_argument("--mutaties", type=float, default=1.0,
                    help="Mutaties per person in the year (default 1)")
    lv.add_argument("--rondes", type=int, default=5,
                    help="timed rounds of the C-levering (median; default 5)")
    lv.add_argument("--geheugen", type=int, default=3,
                    help="child processes per size for the peak memory (median; default 3)")
    lv.add_argument("--p-rondes", type=int, default=1,
                    help="runs of all P-leveringen (default 1)")
    lv.add_argument("--seed", type=int, default=2026)
    lv.add_argument("--explain", action="store_true", help="also print the query plans")
    lv.add_argument("--sql", action="append", default=[], metavar="STATEMENT",
                    help="what-if: run STATEMENT after generating, before ANALYZE "
                         "(repeatable)")
    lv.add_argument("--alleen", choices=("c", "p"), default=None,
                    help="only the C-levering (with its memory), or only the P-leveringen")
    lv.add_argument("--bewaar", action="store_true",
                    help="keep the generated database (its URL is printed)")
    lv.add_argument("--register", default=None, metavar="URL",
                    help="measure a kept database again instead of generating one")
    hr = sub.add_parser("herindeling", help="a herindeling of two gemeenten and the retention "
                                            "of a year's leavers against raw SQL, in a "
                                            "national register")
    hr.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    hr.add_argument("--personen", type=lambda x: int(x.replace("_", "")), default=3_500_000,
                    help="persons in the register (default 3500000)")
    hr.add_argument("--groot", type=lambda x: int(x.replace("_", "")), default=150_000,
                    help="persons of each of the two gemeenten, 0363 and 0014 (default 150000)")
    hr.add_argument("--vertrekkers", type=lambda x: int(x.replace("_", "")), default=200_000,
                    help="persons made one year's leavers for the retention (default 200000)")
    hr.add_argument("--gemeenten", type=int, default=342, help="gemeenten (default 342)")
    hr.add_argument("--per-keer", type=int, default=None,
                    help="persons a transaction of the retention run (default: the app's, "
                         "domain.opschoning.PER_KEER)")
    hr.add_argument("--rondes", type=int, default=3, help="timed rounds (median; default 3)")
    hr.add_argument("--seed", type=int, default=2026)
    hr.add_argument("--bewaar", action="store_true",
                    help="keep the generated database (its URL is printed)")
    hr.add_argument("--register", default=None, metavar="URL",
                    help="measure a kept database again instead of generating one (the "
                         "retention removes its leavers: keep a copy)")
    g = sub.add_parser("genereer", help="fill a database with a synthetic register")
    g.add_argument("url", help="sqlite:///path or postgresql://...")
    g.add_argument("size", type=int, help="number of enrolments")
    g.add_argument("--seed", type=int, default=2026)
    g.add_argument("--peildatum", type=datetime.date.fromisoformat, default=None,
                   help="the day ages count from, YYYY-MM-DD (default today)")
    args = parser.parse_args(argv)

    if args.command == "overzicht":
        from .overzicht import main as overzicht
        engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
        pragmas = dict(p.split("=", 1) for p in args.sqlite_pragma)
        return overzicht(engines, sorted(args.sizes), max(1, args.repeat), args.seed,
                         args.explain, args.sql, pragmas)

    if args.command == "verzuim":
        from .verzuim import main as verzuim
        engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
        return verzuim(engines, sorted(args.sizes), max(1, args.repeat))

    if args.command == "m2m":
        from .m2m import main as m2m
        engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
        return m2m(engines, args.meldingen, args.seconds, max(1, args.rounds))

    if args.command == "schrijvers":
        from .schrijvers import main as schrijvers
        engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
        return schrijvers(engines, args.writers, args.seconds)

    if args.command == "pagina":
        from .pagina import main as pagina
        engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
        return pagina(engines, sorted(args.sizes), max(1, args.rounds), args.zonder_server,
                      args.seconds, max(1, args.clients))

    if args.command == "bestanden":
        from .bestanden import SNEL
        from .bestanden import main as bestanden
        engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
        standaard = SNEL if args.snel else {"sizes": [10_000, 100_000], "register": 1_000_000,
                                             "rounds": 5}
        delen = (args.alleen,) if args.alleen else ("upload", "overzicht")
        return bestanden(engines, sorted(args.sizes or standaard["sizes"]),
                         args.register or standaard["register"], sorted(args.overzicht),
                         max(1, args.rounds or standaard["rounds"]), args.profiel, delen)

    if args.command == "leveringen":
        from .leveringen import main as leveringen
        engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
        args.rondes, args.geheugen, args.p_rondes = (max(1, args.rondes), max(1, args.geheugen),
                                                     max(1, args.p_rondes))
        return leveringen(engines, args)

    if args.command == "herindeling":
        from .herindeling import main as herindeling
        engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
        args.rondes = max(1, args.rondes)
        if args.per_keer is None:
            from domain.opschoning import PER_KEER
            args.per_keer = PER_KEER
        return herindeling(engines, args)

    from models import bind
    from models.migrate import upgrade

    from .generator import genereer
    db = bind(args.url)
    with db.connection_context():
        upgrade(db)
        t = time.perf_counter()
        bench = genereer(db, args.size, seed=args.seed, peildatum=args.peildatum)
        db.execute_sql("ANALYZE")
    print(f"{args.size:,} enrolments in {time.perf_counter() - t:.1f} s; "
          f"benchmark school {bench.code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
