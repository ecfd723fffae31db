"""Everything that needs Apache Spark; the only place pyspark is imported.

The rest of the package works without pyspark. Install the extra with
``pip install "clustering-notebooks[spark]"``; Spark 4 also needs Java 17 or
newer. :func:`spark_session` starts (or reuses) a session: ``local[*]`` by
default, quiet, with no web UI, or any master URL given as an argument or in
the ``SPARK_MASTER`` environment variable.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

__all__ = ["java_version", "require_pyspark", "spark_session", "stop_spark"]

_LOG4J = Path(__file__).with_name("log4j2-quiet.properties")
MIN_JAVA = 17


def require_pyspark():
    """Import pyspark, or say how to install it."""
    try:
        import pyspark
    except ImportError:
        raise ImportError(
            "this needs Apache Spark's Python package: pip install "
            '"clustering-notebooks[spark]" (and Java 17 or newer).'
        ) from None
    return pyspark


def java_version():
    """Major version of the Java that Spark will use (``JAVA_HOME`` or PATH).

    Raises
    ------
    RuntimeError
        If no Java is found, or its version cannot be read.
    """
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        raise RuntimeError(
            f"Spark needs Java {MIN_JAVA} or newer, and none was found. Install a JDK "
            "(e.g. `apt-get install openjdk-17-jre-headless`, or `conda install openjdk=17`) "
            "or set JAVA_HOME."
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        raise RuntimeError(f"could not read the version of {java}: {out.stderr.strip()!r}")
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 else major  # "1.8" means Java 8


def spark_session(master=None, *, app_name="clustering-notebooks", driver_memory="2g", conf=None):
    """Start or reuse a Spark session set up for a laptop or a cluster.

    Parameters
    ----------
    master : str, optional
        ``local[*]``, ``local[2]``, ``spark://host:7077``, ``yarn``...
        Default: the ``SPARK_MASTER`` environment variable, else ``local[*]``.
    app_name : str
    driver_memory : str
    conf : dict, optional
        More Spark settings.

    Returns
    -------
    pyspark.sql.SparkSession
        Stop it with ``.stop()`` when done.
    """
    require_pyspark()
    version = java_version()
    if version < MIN_JAVA:
        raise RuntimeError(
            f"Spark 4 needs Java {MIN_JAVA} or newer, but Java {version} was found. "
            "Install a newer JDK or point JAVA_HOME at one."
        )
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession

    master = master or os.environ.get("SPARK_MASTER", "local[*]")
    active = SparkContext._active_spark_context
    if active is not None:
        return SparkSession.builder.getOrCreate()
    quiet = f"-Dlog4j2.configurationFile=file:{_LOG4J}"
    spark_conf = (
        SparkConf()
        .setMaster(master)
        .setAppName(app_name)
        .set("spark.ui.enabled", "false")  # no port clash with a running notebook
        .set("spark.ui.showConsoleProgress", "false")  # progress bars would reach outputs
        .set("spark.driver.memory", driver_memory)
        .set("spark.driver.extraJavaOptions", quiet)
        .set("spark.executor.extraJavaOptions", quiet)
        .set("spark.sql.shuffle.partitions", "8")
    )
    if master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        # workers run this very Python, so they see the same packages (the
        # RDD API reads only the environment variable)
        os.environ["PYSPARK_PYTHON"] = sys.executable
    for key, value in (conf or {}).items():
        spark_conf.set(key, str(value))
    # The JVM's own console output (start-up notices, log lines) goes to a
    # log file, not to the notebook: Jupyter shows whatever a child process
    # writes to the kernel's stderr, and nbval would compare it.
    log_path = Path(tempfile.gettempdir()) / "clustering-notebooks-spark.log"
    log = open(log_path, "ab")  # noqa: SIM115 (kept open for the JVM's life)
    gateway = launch_gateway(spark_conf, popen_kwargs={"stdout": log, "stderr": log})
    sc = SparkContext(conf=spark_conf, gateway=gateway)
    sc.setLogLevel("ERROR")
    session = SparkSession(sc)
    session.conf.set("clustering.notebooks.log", str(log_path))
    return session


def stop_spark(session):
    """Stop the session *and* the Java process behind it.

    ``session.stop()`` alone leaves the JVM running until Python exits; in a
    long-lived notebook kernel or a test run that would be an orphan.
    """
    from pyspark import SparkContext

    gateway = session.sparkContext._gateway
    session.stop()
    proc = getattr(gateway, "proc", None)
    gateway.shutdown()
    if proc is not None:
        proc.stdin.close()  # Spark's gateway exits when its stdin closes
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    SparkContext._gateway = None
    SparkContext._jvm = None


# pyspark warns, on first use, that it is not yet tested with pandas 3; the
# helpers here pass only NumPy arrays and plain rows to Spark
warnings.filterwarnings(
    "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
)
