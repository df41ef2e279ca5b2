-- Knowledge base: categories and articles (Markdown bodies, rendered to sanitised HTML when read), with every saved
-- version kept. The Lucene index is derived from these tables and rebuilt from them at start-up (ADR 0015).

create table knowledge_categories (
    id              bigserial   primary key,
    slug            text        not null unique,
    name_en         text        not null,
    name_de         text        not null,
    position        int         not null default 0,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

-- every change of an article takes the next value; a node's index has caught up when it has seen the highest one
create sequence knowledge_revisions;

create table knowledge_articles (
    id              bigserial   primary key,
    slug            text        not null,
    locale          text        not null check (locale in ('en','de')),
    category_id     bigint      references knowledge_categories (id),
    title           text        not null,
    body            text        not null,
    status          text        not null check (status in ('DRAFT','PUBLISHED')),
    version         int         not null,
    revision        bigint      not null,
    published_at    timestamptz,
    created_by      text        not null,
    created_at      timestamptz not null,
    updated_by      text        not null,
    updated_at      timestamptz not null,
    unique (locale, slug)
);

create index knowledge_articles_revision on knowledge_articles (revision);
create index knowledge_articles_category on knowledge_articles (category_id, status);

create table knowledge_article_versions (
    article_id      bigint      not null references knowledge_articles (id),
    version         int         not null,
    title           text        not null,
    body            text        not null,
    category_id     bigint,
    status          text        not null,
    saved_by        text        not null,
    created_at      timestamptz not null,
    primary key (article_id, version)
);
