"""Maven for the compatibility check (pipeline.compat): one run per verdict.

    python -m generator.languages.kotlin.compat_tools source <corpus dir> <sdk dir>
    python -m generator.languages.kotlin.compat_tools wire <sdk dir> <base url>

Both build a throwaway Maven project with the SDK's own ``pom.xml`` (properties, dependencies)
and a build section of our own: compile only, no ``-Werror`` (the corpus reads values it never
uses). The wire driver is compiled with the SDK's ``src/main/kotlin``, once per released SDK,
into ``<sdk dir>/compatwire`` (the release cache is keyed by release and generator), with its
classpath; later runs only start the JVM. Its classes are also kept as a jar in
``<sdk dir>/target/compat-sdk``, keyed by the SDK sources' digest. The corpus is compiled
against the SDK compiled once, as a user's build depends on its jar: the jar of the SDK's build
stage when no source is newer (or that of the checkout's own SDK, when the sources are the
same), else that wire-driver jar (so a release's corpus baseline does not compile the SDK
again); an SDK compiled neither way (a new SDK no build stage has built) is
compiled with the corpus in the same run. A corpus error is printed as the compiler wrote it,
with the file and line.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from generator.languages.kotlin.backend import SDK_DIR

TEMPLATE = Path(__file__).with_name("wire_driver.kt.tmpl")
_BUILD = re.compile(r"<build>.*</build>", re.DOTALL)
_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
_TOP_DECL = re.compile(r"^(?:data class|sealed interface|value class|class|enum class) (\w+)",
                       re.MULTILINE)
_CLIENT = re.compile(r"^class (\w+)\(\s*\n\s*apiKey", re.MULTILINE)
CLASSPATH = "classpath.txt"
SDK_BUILD = "target/compat-sdk"
_DIGEST = "sources.sha256"
_CLASSPATH_LINE = re.compile(r"^\[DEBUG\] Classpath: (.*)$", re.MULTILINE)


def project_pom(sdk: Path, sources: list[Path], compiled: Path | None = None) -> str:
    """The SDK's pom with a build that compiles `sources` (with `compiled`, the SDK's jar, on
    the classpath)."""
    pom = (sdk / "pom.xml").read_text(encoding="utf-8")
    dirs = "".join(f"\n            <sourceDir>{_xml(str(d))}</sourceDir>" for d in sources)
    build = f"""<build>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>${{kotlin.version}}</version>
        <configuration>
          <jvmTarget>17</jvmTarget>
          <sourceDirs>{dirs}
          </sourceDirs>
        </configuration>
        <executions>
          <execution>
            <id>compile</id>
            <goals><goal>compile</goal></goals>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>"""
    pom = _BUILD.sub(lambda _: build, pom, count=1)
    if compiled is None:
        return pom
    # A system-scoped dependency: a jar outside any repository, the SDK as its users see it.
    dependency = f"""<dependency>
      <groupId>compat</groupId>
      <artifactId>compiled-sdk</artifactId>
      <version>0</version>
      <scope>system</scope>
      <systemPath>{_xml(str(compiled))}</systemPath>
    </dependency>
  </dependencies>"""
    return pom.replace("</dependencies>", dependency, 1)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mvn(project: Path, *goals: str, debug: bool = False) -> subprocess.CompletedProcess[str]:
    # Offline when the local repository has everything (after the SDK's first build).
    argv = ["mvn", "-B", "-X" if debug else "-q", "-o", "-f", str(project / "pom.xml"), *goals]
    done = subprocess.run(argv, capture_output=True, text=True, errors="replace", check=False)
    if done.returncode != 0 and "offline" in done.stdout + done.stderr:
        argv.remove("-o")
        done = subprocess.run(argv, capture_output=True, text=True, errors="replace",
                              check=False)
    return done


def _digest(sdk: Path) -> str:
    digest = hashlib.sha256((sdk / "pom.xml").read_bytes())
    for path in sorted((sdk / "src/main/kotlin").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(sdk)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _build_stage_jar(sdk: Path) -> Path | None:
    """The jar `mvn package` (the SDK's build stage) left, when no source is newer."""
    jars = [p for p in (sdk / "target").glob("*.jar") if not p.name.endswith("-sources.jar")]
    if len(jars) != 1:
        return None
    sources = [sdk / "pom.xml", *(p for p in (sdk / "src/main/kotlin").rglob("*") if p.is_file())]
    built = jars[0].stat().st_mtime
    return jars[0] if all(p.stat().st_mtime <= built for p in sources) else None


def compiled_sdk(sdk: Path) -> Path | None:
    """The SDK's jar, when one is built from its current sources (see the module docstring)."""
    jar = _build_stage_jar(sdk)
    if jar is not None:
        return jar
    # An SDK generated from the checkout's own spec (a check in a scratch directory) has the
    # sources of the checkout's SDK, which the build stage may have built already.
    checkout = Path.cwd() / SDK_DIR
    if checkout.resolve() != sdk.resolve() and (checkout / "pom.xml").is_file():
        jar = _build_stage_jar(checkout)
        if jar is not None and _digest(checkout) == _digest(sdk):
            return jar
    jar = sdk / SDK_BUILD / "sdk.jar"
    stamp = sdk / SDK_BUILD / _DIGEST
    if jar.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == _digest(sdk):
        return jar
    return None


def _keep_compiled(sdk: Path, classes: Path) -> None:
    """Jar the SDK's classes (a wire driver's beside them do no harm) for the corpus. A jar,
    not the directory: Maven takes only a file as a system dependency. It keeps
    META-INF/*.kotlin_module, where the compiler finds the top-level functions."""
    kept = sdk / SDK_BUILD
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir(parents=True)
    with zipfile.ZipFile(kept / "sdk.jar", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(classes.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(classes).as_posix())
    (kept / _DIGEST).write_text(_digest(sdk), encoding="utf-8")


def source(corpus: Path, sdk: Path) -> int:
    """Compile the corpus against the SDK; the compiler's messages go to stdout."""
    compiled = compiled_sdk(sdk)
    sources = [corpus] if compiled else [sdk / "src/main/kotlin", corpus]
    project = corpus / ".maven"
    project.mkdir(exist_ok=True)
    (project / "pom.xml").write_text(project_pom(sdk, sources, compiled), encoding="utf-8")
    done = _mvn(project, "compile")
    sys.stdout.write(done.stdout + done.stderr)
    return done.returncode


def driver_source(sdk: Path) -> str:
    sources = sorted((sdk / "src/main/kotlin").rglob("*.kt"))
    types = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    # The root package: the one of Types.kt (the runtime is its `.core`).
    types_file = next((p for p in sources if p.name == "Types.kt"), None)
    found = _PACKAGE.search(types_file.read_text(encoding="utf-8")) if types_file else None
    client = _CLIENT.search(types)
    if found is None or client is None:
        raise SystemExit(f"{sdk}: no package or client class found")
    # Every top-level declaration whose own block defines fromJson (the next one starts it).
    starts = list(_TOP_DECL.finditer(types))
    names = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(types)
        if "fun fromJson(json: JsonElement)" in types[match.start():end]:
            names.append(match.group(1))
    # Qualified: a model may share a name with a default import (kotlin.Annotation).
    package = found.group(1)
    models = "".join(f'    "{name.lower()}" to {{ e -> {package}.{name}.fromJson(e) }},\n'
                     for name in sorted(set(names)))
    return (TEMPLATE.read_text(encoding="utf-8").replace("@PACKAGE@", found.group(1))
            .replace("@CLIENT@", client.group(1)).replace("@MODELS@", models))


def wire(sdk: Path, base_url: str) -> int:
    project = sdk / "compatwire"
    classes = project / "target/classes"
    classpath = project / CLASSPATH
    if not classpath.is_file():
        (project / "src").mkdir(parents=True, exist_ok=True)
        (project / "src/Driver.kt").write_text(driver_source(sdk), encoding="utf-8")
        sources = [sdk / "src/main/kotlin", project / "src"]
        (project / "pom.xml").write_text(project_pom(sdk, sources), encoding="utf-8")
        # -X: the Kotlin plugin logs the compile classpath (the SDK's runtime dependencies),
        # so no plugin beyond the SDK's own build is needed.
        done = _mvn(project, "compile", debug=True)
        found = _CLASSPATH_LINE.search(done.stdout)
        if done.returncode != 0 or found is None:
            errors = [line for line in (done.stdout + done.stderr).splitlines()
                      if line.startswith("[ERROR]")]
            print("building the Kotlin wire driver failed:\n" + "\n".join(errors[:40]),
                  file=sys.stderr)
            return 1
        classpath.write_text(found.group(1).strip(), encoding="utf-8")
        _keep_compiled(sdk, classes)
    path = os.pathsep.join([str(classes), classpath.read_text(encoding="utf-8").strip()])
    os.execvp("java", ["java", "-cp", path, "compatwire.DriverKt", base_url])


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "source":
        return source(Path(argv[1]).resolve(), Path(argv[2]).resolve())
    if len(argv) == 3 and argv[0] == "wire":
        return wire(Path(argv[1]).resolve(), argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
