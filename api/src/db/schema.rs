//! The diesel schema, in portable types shared by SQLite and PostgreSQL.

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_type -> Text,
        actor_id -> Nullable<Text>,
        organisation_id -> Nullable<Text>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        before_value -> Nullable<Text>,
        after_value -> Nullable<Text>,
        request_id -> Nullable<Text>,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        platform_role -> Text,
        token_version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email_verified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        email -> Text,
        token_hash -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_requests (id) {
        id -> Text,
        kind -> Text,
        email -> Text,
        display_name -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        created_at -> Timestamp,
        done_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        token_hash -> Text,
        csrf_token -> Text,
        user_id -> Text,
        token_version -> BigInt,
        user_agent -> Text,
        ip -> Text,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        expires_at -> Timestamp,
        mfa_at -> Nullable<Timestamp>,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    totp_factors (user_id) {
        user_id -> Text,
        secret -> Text,
        confirmed_at -> Nullable<Timestamp>,
        last_step -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sso_providers (organisation_id) {
        organisation_id -> Text,
        issuer -> Text,
        client_id -> Text,
        client_secret -> Text,
        require_sso -> Bool,
        break_glass_user_id -> Nullable<Text>,
        updated_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sso_domains (domain) {
        domain -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    sso_logins (id) {
        id -> Text,
        state_hash -> Text,
        organisation_id -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sso_identities (id) {
        id -> Text,
        user_id -> Text,
        issuer -> Text,
        subject -> Text,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
    }
}

diesel::table! {
    passkeys (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        credential_id -> Text,
        credential -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    passkey_ceremonies (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        state -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> Text,
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mfa_resets (id) {
        id -> Text,
        user_id -> Text,
        reset_by -> Text,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mfa_challenges (id) {
        id -> Text,
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    clock_offsets (id) {
        id -> Integer,
        offset_ms -> BigInt,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        region -> Text,
        identifier -> Text,
        website -> Nullable<Text>,
        description -> Nullable<Text>,
        verified -> Bool,
        verified_at -> Nullable<Timestamp>,
        verified_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        self_approval_limit_pence -> BigInt,
    }
}

diesel::table! {
    organisation_service_areas (organisation_id, service_area) {
        organisation_id -> Text,
        service_area -> Text,
    }
}

diesel::table! {
    membership_invitations (id) {
        id -> Text,
        organisation_id -> Text,
        user_id -> Text,
        role -> Text,
        invited_by -> Text,
        status -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    memberships (organisation_id, user_id) {
        organisation_id -> Text,
        user_id -> Text,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        throttle_key -> Text,
        failed_at -> Timestamp,
        account -> Nullable<Text>,
    }
}

diesel::table! {
    ideas (id) {
        id -> Text,
        organisation_id -> Text,
        title -> Text,
        summary -> Text,
        description -> Text,
        status -> Text,
        deadline -> Timestamp,
        currency -> Text,
        min_pledgers -> Integer,
        min_pledge_bp -> Integer,
        max_total_bp -> Integer,
        voting_model -> Text,
        rebate_bp -> Integer,
        business_case_version -> Nullable<Integer>,
        target_cost_pence -> BigInt,
        pledged_bp -> BigInt,
        pledger_count -> BigInt,
        review_feedback -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        active_bp -> BigInt,
        ledger_seq -> BigInt,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pledges (id) {
        id -> Text,
        idea_id -> Text,
        organisation_id -> Text,
        share_bp -> BigInt,
        pending_share_bp -> Nullable<BigInt>,
        status -> Text,
        business_case_version -> Integer,
        condition_min_others -> Nullable<Integer>,
        condition_met -> Bool,
        created_by -> Text,
        approved_by -> Nullable<Text>,
        rejection_reason -> Nullable<Text>,
        final_share_bp -> Nullable<BigInt>,
        final_amount_pence -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by_api_key_id -> Nullable<Text>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        organisation_id -> Text,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        scopes -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<Text>,
    }
}

diesel::table! {
    ledger_entries (idea_id, seq) {
        idea_id -> Text,
        seq -> BigInt,
        at -> Timestamp,
        kind -> Text,
        pledge_id -> Nullable<Text>,
        organisation_id -> Nullable<Text>,
        bp_delta -> BigInt,
        data -> Text,
    }
}

diesel::table! {
    idempotency_keys (user_id, idem_key) {
        user_id -> Text,
        idem_key -> Text,
        request_hash -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_leases (user_id, idem_key) {
        user_id -> Text,
        idem_key -> Text,
        holder -> Text,
        locked_until -> Timestamp,
    }
}

diesel::table! {
    idea_service_areas (idea_id, service_area) {
        idea_id -> Text,
        service_area -> Text,
    }
}

diesel::table! {
    business_case_versions (idea_id, version) {
        idea_id -> Text,
        version -> Integer,
        stage -> Text,
        content -> Text,
        target_cost_pence -> BigInt,
        material_change -> Bool,
        change_summary -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    organisation_interests (organisation_id, service_area) {
        organisation_id -> Text,
        service_area -> Text,
    }
}

diesel::table! {
    idea_audience (idea_id, organisation_id) {
        idea_id -> Text,
        organisation_id -> Text,
        score -> Integer,
        reasons -> Text,
        notified_at -> Timestamp,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        idea_id -> Text,
        organisation_id -> Nullable<Text>,
        email -> Nullable<Text>,
        message -> Nullable<Text>,
        invited_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idea_milestones (idea_id, milestone) {
        idea_id -> Text,
        milestone -> Text,
        reached_at -> Timestamp,
    }
}

diesel::table! {
    notification_preferences (user_id) {
        user_id -> Text,
        email -> Text,
        last_digest_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    email_digest_queue (notification_id) {
        notification_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    email_outbox (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        to_address -> Text,
        kind -> Text,
        content -> Text,
        created_at -> Timestamp,
        claimed_at -> Nullable<Timestamp>,
        claim -> Nullable<Text>,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_suppressions (address) {
        address -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    questions (id) {
        id -> Text,
        idea_id -> Text,
        organisation_id -> Text,
        asked_by -> Text,
        body -> Text,
        created_at -> Timestamp,
        answer -> Nullable<Text>,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idea_updates (id) {
        id -> Text,
        idea_id -> Text,
        title -> Text,
        body -> Text,
        audience -> Text,
        posted_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idea_follows (idea_id, user_id) {
        idea_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    moderation_items (target_type, target_id) {
        target_type -> Text,
        target_id -> Text,
        idea_id -> Text,
        round -> Integer,
        report_count -> Integer,
        hidden -> Bool,
        hidden_reason -> Nullable<Text>,
        hidden_by -> Nullable<Text>,
        hidden_at -> Nullable<Timestamp>,
        flagged_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        target_type -> Text,
        target_id -> Text,
        round -> Integer,
        reporter_id -> Text,
        organisation_id -> Nullable<Text>,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    moderation_actions (id) {
        id -> Text,
        target_type -> Text,
        target_id -> Text,
        action -> Text,
        reason -> Text,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        title -> Text,
        body -> Text,
        link -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    requirements (id) {
        id -> Text,
        idea_id -> Text,
        organisation_id -> Text,
        title -> Text,
        description -> Text,
        status -> Text,
        status_note -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    requirement_votes (requirement_id, organisation_id) {
        requirement_id -> Text,
        organisation_id -> Text,
        idea_id -> Text,
        voted_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    requirement_status_changes (id) {
        id -> Text,
        requirement_id -> Text,
        idea_id -> Text,
        status -> Text,
        note -> Nullable<Text>,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    idea_delivery (idea_id) {
        idea_id -> Text,
        started_at -> Timestamp,
        started_by -> Text,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    delivery_milestones (id) {
        id -> Text,
        idea_id -> Text,
        title -> Text,
        description -> Text,
        due_date -> Text,
        payment_bp -> BigInt,
        status -> Text,
        submission -> BigInt,
        evidence -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        paid_pence -> BigInt,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    milestone_submissions (milestone_id, submission) {
        milestone_id -> Text,
        submission -> BigInt,
        evidence -> Text,
        submitted_by -> Text,
        submitted_at -> Timestamp,
        outcome -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    milestone_decisions (milestone_id, submission, organisation_id) {
        milestone_id -> Text,
        submission -> BigInt,
        organisation_id -> Text,
        pledge_id -> Text,
        decision -> Text,
        note -> Nullable<Text>,
        decided_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    milestone_payments (milestone_id, organisation_id) {
        milestone_id -> Text,
        organisation_id -> Text,
        idea_id -> Text,
        pledge_id -> Text,
        amount_pence -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    adoptions (id) {
        id -> Text,
        idea_id -> Text,
        organisation_id -> Text,
        status -> Text,
        fee_pence -> Nullable<BigInt>,
        rebate_pence -> Nullable<BigInt>,
        proposer_pence -> Nullable<BigInt>,
        adopter_number -> Nullable<BigInt>,
        created_by -> Text,
        approved_by -> Nullable<Text>,
        rejection_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        approved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    adoption_rebates (adoption_id, organisation_id) {
        adoption_id -> Text,
        organisation_id -> Text,
        idea_id -> Text,
        pledge_id -> Text,
        amount_pence -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(organisation_service_areas -> organisations (organisation_id));
diesel::joinable!(memberships -> organisations (organisation_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(membership_invitations -> organisations (organisation_id));
diesel::joinable!(api_keys -> organisations (organisation_id));
diesel::joinable!(api_keys -> users (created_by));
diesel::joinable!(ideas -> organisations (organisation_id));
diesel::joinable!(idea_service_areas -> ideas (idea_id));
diesel::joinable!(business_case_versions -> ideas (idea_id));
diesel::joinable!(business_case_versions -> users (created_by));
diesel::joinable!(pledges -> ideas (idea_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(idea_audience -> organisations (organisation_id));
diesel::joinable!(pledges -> organisations (organisation_id));
diesel::joinable!(email_digest_queue -> notifications (notification_id));
diesel::joinable!(email_digest_queue -> users (user_id));
diesel::joinable!(questions -> ideas (idea_id));
diesel::joinable!(questions -> organisations (organisation_id));
diesel::joinable!(idea_updates -> ideas (idea_id));
diesel::joinable!(idea_follows -> ideas (idea_id));
diesel::joinable!(moderation_items -> ideas (idea_id));
diesel::joinable!(reports -> organisations (organisation_id));
diesel::joinable!(requirements -> ideas (idea_id));
diesel::joinable!(requirement_votes -> requirements (requirement_id));
diesel::joinable!(requirement_status_changes -> requirements (requirement_id));
diesel::joinable!(idea_delivery -> ideas (idea_id));
diesel::joinable!(delivery_milestones -> ideas (idea_id));
diesel::joinable!(adoptions -> ideas (idea_id));
diesel::joinable!(adoptions -> organisations (organisation_id));
diesel::joinable!(adoption_rebates -> organisations (organisation_id));
diesel::joinable!(milestone_payments -> organisations (organisation_id));

diesel::table! {
    webhooks (id) {
        id -> Text,
        organisation_id -> Text,
        url -> Text,
        events -> Text,
        secret -> Text,
        active -> Bool,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> Text,
        event_type -> Text,
        idea_id -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        give_up_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        claim -> Nullable<Text>,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempted_at -> Timestamp,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::joinable!(account_tokens -> users (user_id));
diesel::joinable!(sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    account_tokens,
    account_requests,
    sessions,
    totp_factors,
    passkeys,
    passkey_ceremonies,
    audit_log,
    sso_providers,
    sso_domains,
    sso_logins,
    sso_identities,
    recovery_codes,
    mfa_challenges,
    mfa_resets,
    membership_invitations,
    clock_offsets,
    organisations,
    organisation_service_areas,
    memberships,
    login_failures,
    ideas,
    idea_service_areas,
    business_case_versions,
    pledges,
    api_keys,
    ledger_entries,
    idempotency_keys,
    idempotency_leases,
    notifications,
    organisation_interests,
    idea_audience,
    invitations,
    idea_milestones,
    notification_preferences,
    email_digest_queue,
    email_outbox,
    email_suppressions,
    questions,
    idea_updates,
    idea_follows,
    moderation_items,
    reports,
    moderation_actions,
    idea_delivery,
    delivery_milestones,
    milestone_submissions,
    milestone_decisions,
    milestone_payments,
    adoptions,
    adoption_rebates,
    webhooks,
    webhook_events,
    webhook_deliveries,
    webhook_attempts,
);
