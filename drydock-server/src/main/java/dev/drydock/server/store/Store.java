package dev.drydock.server.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server's storage API: scans in, inventory out, tokens, audit log and the job queue. Thread-safe;
 * each call takes its own connection. The web layer maps IllegalArgumentException to a 4xx answer
 * (oversized or malformed input) and anything else to a 500.
 */
public final class Store {
    private final Database db;
    private final ScanWriter scans;
    private final InventoryReads reads;
    private final TokenStore tokens;
    private final JobQueue jobs;
    private final AuditLog audit;
    private final SightingWriter sightings;
    private final BaseImages baseImages;
    private final RematchStore rematches;
    private final ServerState state;
    private final RegistryStore registries;
    private final ReconcileReads reconcile;
    private final TriageStore triage;

    public Store(Database db) {
        this(db, Clock.systemUTC());
    }

    /** With a clock of the caller's: every stored time comes from it (tests move it instead of sleeping). */
    public Store(Database db, Clock clock) {
        this.db = db;
        this.scans = new ScanWriter(db.jdbi(), clock);
        this.triage = new TriageStore(db, clock);
        this.reads = new InventoryReads(db, triage);
        this.tokens = new TokenStore(db.jdbi(), clock);
        this.jobs = new JobQueue(db.jdbi(), db.dialect(), clock);
        this.audit = new AuditLog(db.jdbi(), clock);
        this.sightings = new SightingWriter(db.jdbi(), clock);
        this.baseImages = new BaseImages(db.jdbi());
        this.rematches = new RematchStore(db, clock);
        this.state = new ServerState(db.jdbi(), clock);
        this.registries = new RegistryStore(db.jdbi(), clock);
        this.reconcile = new ReconcileReads(db);
    }

    public Database database() {
        return db;
    }

    // ---- scans and inventory

    /**
     * Stores a scan in one transaction. Sending the same upload again changes nothing but last-seen times
     * and returns the same id.
     *
     * @throws IllegalArgumentException when the upload is over a size limit
     */
    public ScanId recordScan(ScanUpload upload) {
        return record(upload).id();
    }

    /**
     * Stores another scanner's imported findings as a scan (see {@link #recordScan}) and says what it changed.
     *
     * @throws IllegalArgumentException when the upload is over a size limit
     */
    public ImportRecorded recordImport(ScanUpload upload) {
        ScanWriter.Recorded r = record(upload);
        FindingMerge.Result m = r.merge();
        return new ImportRecorded(r.id(), r.repeated(), m.attributionsAdded(), m.attributionsKept(), m.attributionsEnded(),
                m.appeared(), m.disappeared());
    }

    private ScanWriter.Recorded record(ScanUpload upload) {
        ScanWriter.Recorded id = scans.record(upload);
        // Its own transaction: the scan is stored even if linking fails, and linking is idempotent.
        var image = upload.report().image();
        String declaredBase = image.annotations().getOrDefault(BaseImages.ANNOTATION, image.labels().get(BaseImages.ANNOTATION));
        baseImages.link(image.manifestDigest().toString(), declaredBase != null);
        return id;
    }

    /** True when the inventory holds an image with this manifest digest. */
    public boolean hasImage(String digest) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM image WHERE digest = :d").bind("d", digest)
                .mapTo(Integer.class).one() > 0);
    }

    /**
     * Refreshes the query planner's statistics of the big tables. PostgreSQL's autovacuum does this when it
     * runs; where it is off or lags behind a bulk load, the planner takes a lookup of a hundred findings by
     * id for a quarter of the table and scans all of it (seen: 210 ms instead of 1 ms at a million
     * findings). SQLite: {@code PRAGMA optimize}, which analyses only where it helps.
     */
    public void refreshStatistics() {
        db.jdbi().useHandle(h -> h.execute(db.dialect() == Dialect.POSTGRESQL
                ? "ANALYZE image, image_name, image_layer, package, vulnerability, finding, attribution, finding_event, scan"
                : "PRAGMA optimize"));
    }

    /**
     * The digests a name points to in the inventory, most recently seen first (a tag that moved names several;
     * the first is where it points now).
     */
    public List<String> digestsNamed(ImageName name) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT digest FROM image_name WHERE registry = :registry AND repository = :repository AND tag = :tag
                        ORDER BY last_seen DESC, digest LIMIT 20
                        """)
                .bind("registry", Bounded.key(name.registry(), Bounded.SHORT_KEY_BYTES))
                .bind("repository", Bounded.key(name.repository(), Bounded.KEY_BYTES))
                .bind("tag", Bounded.key(name.tag(), Bounded.SHORT_KEY_BYTES))
                .mapTo(String.class).list());
    }

    /** Manifest digests of stored images whose config digest (Docker's "image id") is this one. */
    public List<String> digestsWithConfig(String configDigest) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT digest FROM image WHERE config_digest = :c ORDER BY last_seen DESC, digest LIMIT 20")
                .bind("c", configDigest).mapTo(String.class).list());
    }

    /**
     * Records where images were seen (in one transaction): names, the stage's last-seen time, the running
     * workload. Never marks anything scanned.
     *
     * @throws IllegalArgumentException for more than {@value Bounded#MAX_NAMES} sightings at once
     */
    public void recordSightings(List<Sighting> seen) {
        sightings.record(seen);
    }

    // ---- re-matching

    /** Digests of images that have a stored package set, in digest order after {@code after} (null: from the first). */
    public List<String> imagesWithPackages(String after, int limit) {
        return rematches.imagesWithPackages(after, limit);
    }

    /**
     * The stored catalogs of these images, read on one snapshot in a few queries; unknown digests are left out.
     *
     * @throws IllegalArgumentException for more than {@value RematchStore#MAX_BATCH} digests
     */
    public List<StoredCatalog> storedCatalogs(List<String> digests) {
        return rematches.catalogs(digests);
    }

    /**
     * Writes a re-match as drydock's attributions (one transaction): findings it reports now appear, those it
     * no longer reports lose drydock's attribution; other scanners' attributions are untouched. STALE when a
     * scan arrived after the catalog was read.
     */
    public RematchOutcome recordRematch(Rematch rematch) {
        return rematches.record(rematch);
    }

    // ---- registries

    /**
     * Adds a registry; {@code sealedCredentials} is what {@code SecretBox} made of them (null: anonymous) and
     * {@code keyRef} names the key that sealed them. Empty when a registry with this URL exists.
     */
    public Optional<RegistryRow> addRegistry(String url, String sealedCredentials, String keyRef) {
        return registries.add(url, sealedCredentials, keyRef);
    }

    public List<RegistryRow> registries() {
        return registries.list();
    }

    public Optional<RegistryRow> registry(long id) {
        return registries.get(id);
    }

    /** The sealed credentials of a registry; empty when it has none (or does not exist). */
    public Optional<String> registryCredentials(long id) {
        return registries.sealedCredentials(id);
    }

    /** False when there was no such registry. Images, names and scans it led to stay. */
    public boolean deleteRegistry(long id) {
        return registries.delete(id);
    }

    /** A discovery succeeded: its time and counts; the last error is cleared. */
    public void registryDiscovered(long id, String resultJson) {
        registries.discovered(id, resultJson);
    }

    public void registryFailed(long id, String error) {
        registries.failed(id, error);
    }

    /** Of {@code digests}, those scanned at {@code stage} at least once. */
    public Set<String> scannedAt(Stage stage, Collection<String> digests) {
        return registries.scannedAt(stage, digests);
    }

    // ---- server state

    public Optional<String> serverState(String name) {
        return state.get(name);
    }

    public void putServerState(String name, String value) {
        state.put(name, value);
    }

    public Page<ImageSummary> images(ImageQuery q) {
        return reads.images(q);
    }

    public Optional<ImageDetail> image(String digest) {
        return reads.image(digest);
    }

    public List<PackageRow> packages(String digest) {
        return reads.packages(digest);
    }

    /** Most severe first; with {@code includeInactive}, findings no scanner reports any more come last. */
    public List<FindingRow> findings(String digest, boolean includeInactive) {
        return reads.findings(digest, includeInactive);
    }

    /** Newest first, at most {@value InventoryReads#MAX_SCANS}. */
    public List<ScanRow> scans(String digest) {
        return reads.scans(digest);
    }

    public List<CountPoint> findingHistory(String digest) {
        return reads.findingHistory(digest);
    }

    // ---- reconciliation

    /**
     * Findings where two scanners meet or part, on images both scanned, ordered by image, vulnerability and
     * package, each with its presence and the likely reason for a difference.
     */
    public Page<DriftRow> drift(DriftQuery q) {
        return reconcile.drift(q);
    }

    /** Severity and presence agreement of the query's scope (its presence filter and page are ignored). */
    public Parity parity(DriftQuery q) {
        return reconcile.parity(q);
    }

    /** The fleet's parity and each repository's, in one pass. */
    public FleetParity fleetParity(String scannerA, String scannerB) {
        return reconcile.fleetParity(scannerA, scannerB);
    }

    /** Daily parity snapshots of the fleet (repository null) or one repository, oldest first. */
    public List<ParityPoint> parityHistory(String scannerA, String scannerB, String repository) {
        return reconcile.history(scannerA, scannerB, repository);
    }

    /** Replaces the day's snapshot of a scanner pair: the fleet and each repository. */
    public void recordParitySnapshot(String day, String scannerA, String scannerB, Parity fleet, List<Parity> repositories,
                                     java.time.Instant now) {
        reconcile.recordSnapshot(day, scannerA, scannerB, fleet, repositories, now);
    }

    /** The digest most recently seen under this name. */
    public Optional<String> digestByName(ImageName name) {
        return reconcile.digestByName(name);
    }

    /** Every scanner that uploaded a scan (at most 32), by name. */
    public List<String> scanners() {
        return reconcile.scanners();
    }

    // ---- triage

    /** The de-duplicated queue: one item per (repository, package name, vulnerability) over active findings. */
    public Page<TriageItem> triageQueue(TriageQuery q) {
        return triage.queue(q);
    }

    /**
     * Records a decision (replacing the item's previous one) with its history, and an audit-log entry. Empty when
     * the repository never had a finding of this vulnerability in this package.
     */
    public Optional<TriageRecord> decide(TriageDecision d, String actor) {
        Optional<TriageRecord> r = triage.decide(d, actor);
        r.ifPresent(t -> audit(actor, "triage.decide", t.repository() + " " + t.packageName() + " " + t.vulnId(), t.state().id()));
        return r;
    }

    /** A decision with its comments and history, oldest first. */
    public Optional<TriageRecord> triageDecision(long id) {
        return triage.get(id);
    }

    /** Empty when there is no such decision. */
    public Optional<TriageRecord.Comment> commentTriage(long id, String author, String body) {
        return triage.comment(id, author, body);
    }

    /** Every decision, of one repository when given (null: all), for the exports; at most {@value TriageStore#MAX_EXPORT}. */
    public List<TriageRecord> triageDecisions(String repository) {
        return triage.decisions(repository);
    }

    /** The stable id of a queue item, as the exports carry it. */
    public static String triageKey(String repository, String packageName, String vulnId) {
        return TriageStore.key(repository, packageName, vulnId);
    }

    /** A purl without version, qualifiers and subpath. */
    public static String basePurl(String purl) {
        return TriageStore.basePurl(purl);
    }

    // ---- tokens

    public IssuedToken createToken(String name, Role role) {
        return tokens.create(name, role);
    }

    public Optional<Principal> authenticate(String token) {
        return tokens.authenticate(token);
    }

    /** False when there is no such token or it was already revoked. */
    public boolean revokeToken(long id) {
        return tokens.revoke(id);
    }

    public List<TokenInfo> tokens() {
        return tokens.list();
    }

    /**
     * On first start: the admin token to print once (or the one from DRYDOCK_ADMIN_TOKEN, which the caller
     * must not print). Empty when an unrevoked admin token exists.
     */
    public Optional<IssuedToken> ensureAdmin(Optional<String> fromEnv) {
        return tokens.ensureAdmin(fromEnv);
    }

    // ---- audit

    public long audit(String actor, String action, String subject, String detail) {
        return audit.append(actor, action, subject, detail);
    }

    public List<AuditEntry> auditLog(int limit, long beforeId) {
        return audit.read(limit, beforeId);
    }

    // ---- jobs

    public long enqueue(String kind, String payload) {
        return jobs.enqueue(kind, payload, JobQueue.DEFAULT_MAX_ATTEMPTS);
    }

    public long enqueue(String kind, String payload, int maxAttempts) {
        return jobs.enqueue(kind, payload, maxAttempts);
    }

    /** Queues a job unless one with the same key is queued or running; empty then. */
    public Optional<Long> enqueueUnique(String kind, String payload, String dedupeKey) {
        return jobs.enqueue(kind, payload, JobQueue.DEFAULT_MAX_ATTEMPTS, Objects.requireNonNull(dedupeKey, "dedupeKey"));
    }

    /** The queued or running job with this dedupe key, if any (what {@link #enqueueUnique} found in the way). */
    public Optional<Long> pendingJob(String dedupeKey) {
        return jobs.pending(dedupeKey);
    }

    public Optional<Job> claim(String workerId, Duration lease) {
        return jobs.claim(workerId, lease);
    }

    public boolean renew(Job job, Duration lease) {
        return jobs.renew(job, lease);
    }

    /** False when the worker no longer holds the job (its lease expired and another worker took it). */
    public boolean complete(Job job) {
        return jobs.complete(job, null);
    }

    /** Completes with a JSON outcome kept on the job. */
    public boolean complete(Job job, String resultJson) {
        return jobs.complete(job, resultJson);
    }

    /** A failed attempt: retried after a back-off while attempts remain. */
    public boolean fail(Job job, String error) {
        return jobs.fail(job, error, true);
    }

    /** A failure no retry can mend (a malformed payload): the job is failed for good at once. */
    public boolean failPermanently(Job job, String error) {
        return jobs.fail(job, error, false);
    }

    public Optional<JobStatus> job(long id) {
        return jobs.status(id);
    }
}
