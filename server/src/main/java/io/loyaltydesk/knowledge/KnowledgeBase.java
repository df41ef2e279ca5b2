package io.loyaltydesk.knowledge;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Articles and categories. Every article change runs in one transaction, keeps the saved version, is audited,
 * takes the next {@code revision} and publishes {@link ArticleChanged}. Article writes are serialised by a
 * transaction-scoped advisory lock, so revisions become visible in the order they were taken: a node whose index
 * has seen revision n has seen every change up to n (ADR 0015).
 */
@Service
public class KnowledgeBase {

    public static final int TITLE_MAX = 200;
    public static final int BODY_MAX = 50_000;
    public static final int SLUG_MAX = 80;
    public static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** The advisory lock that orders article writes; any constant no other module uses. */
    private static final long WRITE_LOCK = 0x6b6e6f776c656467L;
    private static final int LIST_MAX = 500;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    KnowledgeBase(JdbcClient jdbc, AuditTrail audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /** Which articles a list shows; null fields do not filter. */
    public record ArticleFilter(Article.Status status, KnowledgeLocale locale, Long categoryId) {

        public static ArticleFilter all() {
            return new ArticleFilter(null, null, null);
        }
    }

    // ---- categories

    @Transactional
    public Category createCategory(String slug, String nameEn, String nameDe, int position) {
        var problems = new ArrayList<FieldProblem>();
        var cleanSlug = slug == null || slug.isBlank() ? slugOf(nameEn) : slug.strip().toLowerCase(Locale.ROOT);
        if (cleanSlug.isEmpty() || cleanSlug.length() > SLUG_MAX || !SLUG.matcher(cleanSlug).matches()) {
            problems.add(new FieldProblem("slug", "use lower-case letters, digits and dashes, e.g. earning-points"));
        }
        checkName("nameEn", nameEn, problems);
        checkName("nameDe", nameDe, problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var now = Timestamp.from(now());
        int inserted = jdbc.sql("""
                insert into knowledge_categories (slug, name_en, name_de, position, created_at, updated_at)
                values (:slug, :en, :de, :position, :now, :now) on conflict (slug) do nothing
                """).param("slug", cleanSlug).param("en", nameEn.strip()).param("de", nameDe.strip())
                .param("position", position).param("now", now).update();
        if (inserted == 0) {
            throw new CommandRefusedException.Conflict("category-exists", "A category " + cleanSlug + " exists already");
        }
        var category = category(cleanSlug).orElseThrow();
        audit.record("knowledge.category.created", "knowledge-category", category.id(), null, category, null);
        return category;
    }

    @Transactional
    public Category updateCategory(long id, String nameEn, String nameDe, int position) {
        var before = categoryById(id).orElseThrow(() -> new CommandRefusedException.NotFound("Category", id));
        var problems = new ArrayList<FieldProblem>();
        checkName("nameEn", nameEn, problems);
        checkName("nameDe", nameDe, problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        jdbc.sql("update knowledge_categories set name_en = :en, name_de = :de, position = :position, "
                        + "updated_at = :now where id = :id")
                .param("en", nameEn.strip()).param("de", nameDe.strip()).param("position", position)
                .param("now", Timestamp.from(now())).param("id", id).update();
        var after = categoryById(id).orElseThrow();
        audit.record("knowledge.category.changed", "knowledge-category", id, before, after, null);
        return after;
    }

    @Transactional(readOnly = true)
    public List<Category> categories() {
        return jdbc.sql("select * from knowledge_categories order by position, slug").query(KnowledgeBase::category)
                .list();
    }

    @Transactional(readOnly = true)
    public Optional<Category> category(String slug) {
        return jdbc.sql("select * from knowledge_categories where slug = :slug").param("slug", slug)
                .query(KnowledgeBase::category).optional();
    }

    @Transactional(readOnly = true)
    public Optional<Category> categoryById(long id) {
        return jdbc.sql("select * from knowledge_categories where id = :id").param("id", id)
                .query(KnowledgeBase::category).optional();
    }

    // ---- articles

    /** A new article, as a draft. */
    @Transactional
    public Article create(ArticleDraft draft) {
        var checked = check(draft, true);
        lockWrites();
        var now = Timestamp.from(now());
        var who = Actor.current().name();
        Long id = jdbc.sql("""
                insert into knowledge_articles (slug, locale, category_id, title, body, status, version, revision,
                                                created_by, created_at, updated_by, updated_at)
                values (:slug, :locale, :category, :title, :body, 'DRAFT', 1, nextval('knowledge_revisions'),
                        :who, :now, :who, :now)
                on conflict (locale, slug) do nothing
                returning id
                """).param("slug", checked.slug()).param("locale", checked.locale().tag())
                .param("category", checked.categoryId()).param("title", checked.title()).param("body", checked.body())
                .param("who", who).param("now", now).query(Long.class).optional().orElse(null);
        if (id == null) {
            throw new CommandRefusedException.Conflict("slug-taken", "An article with the address " + checked.slug()
                    + " exists already in this language");
        }
        var article = saved(id, who, now);
        audit.record("knowledge.article.created", "knowledge-article", id, null, article, null);
        return article;
    }

    /** A new version of the article's text, title, address or category; its status stays. */
    @Transactional
    public Article update(long id, ArticleDraft draft, String reason) {
        var checked = check(draft, false);
        lockWrites();
        var before = lock(id);
        if (before.locale() != checked.locale()) {
            throw new CommandRefusedException.InvalidInput("locale",
                    "cannot change; write the other language as its own article");
        }
        var slug = checked.slug().isEmpty() ? before.slug() : checked.slug();
        if (!slug.equals(before.slug()) && jdbc.sql("select count(*) from knowledge_articles where locale = :locale "
                + "and slug = :slug").param("locale", before.locale().tag()).param("slug", slug).query(Long.class)
                .single() > 0) {
            throw new CommandRefusedException.Conflict("slug-taken", "An article with the address " + slug
                    + " exists already in this language");
        }
        var now = Timestamp.from(now());
        var who = Actor.current().name();
        jdbc.sql("""
                update knowledge_articles
                   set slug = :slug, category_id = :category, title = :title, body = :body, version = version + 1,
                       revision = nextval('knowledge_revisions'), updated_by = :who, updated_at = :now
                 where id = :id
                """).param("slug", slug).param("category", checked.categoryId()).param("title", checked.title())
                .param("body", checked.body()).param("who", who).param("now", now).param("id", id).update();
        var after = saved(id, who, now);
        audit.record("knowledge.article.changed", "knowledge-article", id, before, after, reason);
        return after;
    }

    @Transactional
    public Article publish(long id) {
        return setStatus(id, Article.Status.PUBLISHED, "knowledge.article.published");
    }

    /** Back to draft: gone from the help centre and from public search at once. */
    @Transactional
    public Article unpublish(long id) {
        return setStatus(id, Article.Status.DRAFT, "knowledge.article.unpublished");
    }

    @Transactional(readOnly = true)
    public Article get(long id) {
        return find(id).orElseThrow(() -> new CommandRefusedException.NotFound("Article", id));
    }

    @Transactional(readOnly = true)
    public Optional<Article> find(long id) {
        return jdbc.sql("select * from knowledge_articles where id = :id").param("id", id)
                .query(KnowledgeBase::article).optional();
    }

    /** A published article by its address, for the help centre. */
    @Transactional(readOnly = true)
    public Optional<Article> published(KnowledgeLocale locale, String slug) {
        return jdbc.sql("select * from knowledge_articles where locale = :locale and slug = :slug "
                        + "and status = 'PUBLISHED'")
                .param("locale", locale.tag()).param("slug", slug).query(KnowledgeBase::article).optional();
    }

    /** Articles, most recently changed first (at most 500: a knowledge base, not a ledger). */
    @Transactional(readOnly = true)
    public List<Article> list(ArticleFilter filter) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        if (filter.status() != null) {
            where.add("status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.locale() != null) {
            where.add("locale = :locale");
            params.put("locale", filter.locale().tag());
        }
        if (filter.categoryId() != null) {
            where.add("category_id = :category");
            params.put("category", filter.categoryId());
        }
        params.put("limit", LIST_MAX);
        return jdbc.sql("select * from knowledge_articles" + (where.isEmpty() ? "" : " where "
                        + String.join(" and ", where)) + " order by updated_at desc, id desc limit :limit")
                .params(params).query(KnowledgeBase::article).list();
    }

    /** Published articles of one language, for the help centre, by title. */
    @Transactional(readOnly = true)
    public List<Article> publishedIn(KnowledgeLocale locale, Long categoryId) {
        return jdbc.sql("select * from knowledge_articles where locale = :locale and status = 'PUBLISHED' "
                        + (categoryId == null ? "" : "and category_id = :category ") + "order by title limit :limit")
                .param("locale", locale.tag()).param("limit", LIST_MAX)
                .params(categoryId == null ? java.util.Map.of() : java.util.Map.of("category", categoryId))
                .query(KnowledgeBase::article).list();
    }

    /** Every saved version, newest first. */
    @Transactional(readOnly = true)
    public List<ArticleVersion> versions(long id) {
        return jdbc.sql("select * from knowledge_article_versions where article_id = :id order by version desc")
                .param("id", id).query((rs, n) -> {
                    long category = rs.getLong("category_id");
                    return new ArticleVersion(rs.getLong("article_id"), rs.getInt("version"), rs.getString("title"),
                            rs.getString("body"), rs.wasNull() ? null : category,
                            Article.Status.valueOf(rs.getString("status")), rs.getString("saved_by"),
                            rs.getTimestamp("created_at").toInstant());
                }).list();
    }

    /** Articles changed after the given revision, oldest change first: what an index has to catch up on. */
    @Transactional(readOnly = true)
    public List<Article> changedAfter(long revision) {
        return jdbc.sql("select * from knowledge_articles where revision > :revision order by revision")
                .param("revision", revision).query(KnowledgeBase::article).list();
    }

    /** The highest revision committed; 0 when there are no articles. */
    @Transactional(readOnly = true)
    public long latestRevision() {
        return jdbc.sql("select coalesce(max(revision), 0) from knowledge_articles").query(Long.class).single();
    }

    /** A URL-friendly address from a title: "Wo sind meine Punkte?" becomes "wo-sind-meine-punkte". */
    public static String slugOf(String title) {
        if (title == null) {
            return "";
        }
        var ascii = Normalizer.normalize(title.toLowerCase(Locale.ROOT).replace("ß", "ss").replace("ä", "ae")
                .replace("ö", "oe").replace("ü", "ue"), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        var slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_MAX) {
            slug = slug.substring(0, SLUG_MAX).replaceAll("-+$", "");
        }
        return slug;
    }

    // ---- internals

    private record Checked(String title, String body, KnowledgeLocale locale, String slug, Long categoryId) {
    }

    private Checked check(ArticleDraft draft, boolean creating) {
        var problems = new ArrayList<FieldProblem>();
        var title = draft.title() == null ? "" : draft.title().strip();
        if (title.isEmpty()) {
            problems.add(new FieldProblem("title", "is required"));
        } else if (title.length() > TITLE_MAX) {
            problems.add(new FieldProblem("title", "must have at most " + TITLE_MAX + " characters"));
        }
        var body = draft.body() == null ? "" : draft.body().strip();
        if (body.isEmpty()) {
            problems.add(new FieldProblem("body", "is required"));
        } else if (body.length() > BODY_MAX) {
            problems.add(new FieldProblem("body", "must have at most " + BODY_MAX + " characters"));
        }
        var locale = KnowledgeLocale.parse(draft.locale());
        if (locale.isEmpty()) {
            problems.add(new FieldProblem("locale", "is required: en or de"));
        }
        var slug = draft.slug() == null || draft.slug().isBlank() ? (creating ? slugOf(title) : "")
                : draft.slug().strip().toLowerCase(Locale.ROOT);
        if ((creating || !slug.isEmpty()) && (slug.isEmpty() || slug.length() > SLUG_MAX
                || !SLUG.matcher(slug).matches())) {
            problems.add(new FieldProblem("slug", "use lower-case letters, digits and dashes, e.g. missing-points"));
        }
        Long categoryId = null;
        if (draft.categorySlug() != null && !draft.categorySlug().isBlank()) {
            var category = category(draft.categorySlug().strip());
            if (category.isEmpty()) {
                problems.add(new FieldProblem("category", "no category has the code " + draft.categorySlug().strip()));
            } else {
                categoryId = category.get().id();
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        return new Checked(title, body, locale.orElseThrow(), slug, categoryId);
    }

    private Article setStatus(long id, Article.Status status, String action) {
        lockWrites();
        var before = lock(id);
        if (before.status() == status) {
            return before;
        }
        var now = Timestamp.from(now());
        var who = Actor.current().name();
        jdbc.sql("""
                update knowledge_articles
                   set status = :status, version = version + 1, revision = nextval('knowledge_revisions'),
                       published_at = case when :status = 'PUBLISHED' then :now else published_at end,
                       updated_by = :who, updated_at = :now
                 where id = :id
                """).param("status", status.name()).param("who", who).param("now", now).param("id", id).update();
        var after = saved(id, who, now);
        audit.record(action, "knowledge-article", id, before, after, null);
        return after;
    }

    /** Keeps the version just written and tells the index (and anyone else) about it. */
    private Article saved(long id, String who, Timestamp now) {
        var article = get(id);
        jdbc.sql("""
                insert into knowledge_article_versions (article_id, version, title, body, category_id, status,
                                                        saved_by, created_at)
                values (:id, :version, :title, :body, :category, :status, :who, :now)
                """).param("id", id).param("version", article.version()).param("title", article.title())
                .param("body", article.body()).param("category", article.categoryId())
                .param("status", article.status().name()).param("who", who).param("now", now).update();
        events.publishEvent(new ArticleChanged(article));
        return article;
    }

    private void lockWrites() {
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", WRITE_LOCK).query((rs, n) -> 1).single();
    }

    private Article lock(long id) {
        return jdbc.sql("select * from knowledge_articles where id = :id for update").param("id", id)
                .query(KnowledgeBase::article).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Article", id));
    }

    private static void checkName(String field, String name, List<FieldProblem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (name.strip().length() > 80) {
            problems.add(new FieldProblem(field, "must have at most 80 characters"));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Category category(ResultSet rs, int row) throws SQLException {
        return new Category(rs.getLong("id"), rs.getString("slug"), rs.getString("name_en"), rs.getString("name_de"),
                rs.getInt("position"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Article article(ResultSet rs, int row) throws SQLException {
        long category = rs.getLong("category_id");
        Long categoryId = rs.wasNull() ? null : category;
        var published = rs.getTimestamp("published_at");
        return new Article(rs.getLong("id"), rs.getString("slug"),
                KnowledgeLocale.valueOf(rs.getString("locale").toUpperCase(Locale.ROOT)), categoryId,
                rs.getString("title"), rs.getString("body"), Article.Status.valueOf(rs.getString("status")),
                rs.getInt("version"), rs.getLong("revision"), published == null ? null : published.toInstant(),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), rs.getString("updated_by"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
