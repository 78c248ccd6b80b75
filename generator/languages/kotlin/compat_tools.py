"""Maven for the compatibility check (pipeline.compat): one run per verdict.

    python -m generator.languages.kotlin.compat_tools source <corpus dir> <sdk dir>
    python -m generator.languages.kotlin.compat_tools wire <sdk dir> <base url>

Both build a throwaway Maven project whose Kotlin sources are the SDK's ``src/main/kotlin``
and one more directory (the corpus; the wire driver), with the SDK's own ``pom.xml``
(properties, dependencies) and a build section of our own: compile only, no ``-Werror`` (the
corpus reads values it never uses). A corpus error is printed as the compiler wrote it, with
the file and line. The wire driver is built once per released SDK, into
``<sdk dir>/compatwire`` (the release cache is keyed by release and generator), with its
classpath; later runs only start the JVM.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("wire_driver.kt.tmpl")
_BUILD = re.compile(r"<build>.*</build>", re.DOTALL)
_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
_TOP_DECL = re.compile(r"^(?:data class|sealed interface|value class|class|enum class) (\w+)",
                       re.MULTILINE)
_CLIENT = re.compile(r"^class (\w+)\(\s*\n\s*apiKey", re.MULTILINE)
CLASSPATH = "classpath.txt"
_CLASSPATH_LINE = re.compile(r"^\[DEBUG\] Classpath: (.*)$", re.MULTILINE)


def project_pom(sdk: Path, extra_source: Path) -> str:
    """The SDK's pom with a build that compiles its sources and `extra_source` together."""
    pom = (sdk / "pom.xml").read_text(encoding="utf-8")
    build = f"""<build>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>${{kotlin.version}}</version>
        <configuration>
          <jvmTarget>17</jvmTarget>
          <sourceDirs>
            <sourceDir>{_xml(str(sdk / "src/main/kotlin"))}</sourceDir>
            <sourceDir>{_xml(str(extra_source))}</sourceDir>
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
    return _BUILD.sub(lambda _: build, pom, count=1)


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


def source(corpus: Path, sdk: Path) -> int:
    """Compile the corpus with the SDK's sources; the compiler's messages go to stdout."""
    project = corpus / ".maven"
    project.mkdir(exist_ok=True)
    (project / "pom.xml").write_text(project_pom(sdk, corpus), encoding="utf-8")
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
        (project / "pom.xml").write_text(project_pom(sdk, project / "src"), encoding="utf-8")
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
