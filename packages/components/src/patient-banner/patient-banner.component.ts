import { html, nothing, type PropertyValues } from 'lit';
import type { PatientSummary } from '@coord/api-client';
import { CoordElement } from '../base/coord-element.ts';
import { formatDate, isSingular } from '../base/i18n.ts';
import { renderErrorState } from '../base/states.ts';
import { hostStyles } from '../base/styles.ts';
import { CoordAuthRequiredEvent } from '../events/coord-auth-required.ts';
import { patientBannerStyles } from './patient-banner.styles.ts';

const genderSuffix = (g: PatientSummary['gender']): 'F' | 'M' | 'X' => (g === 'female' ? 'F' : g === 'male' ? 'M' : 'X');

/**
 * The patient's identity as the record knows it: name, birth date and age, INS, sex.
 *
 * @summary Patient identity banner (name, age, INS, sex) with loading and error states.
 * @csspart banner - The identity strip.
 * @csspart name - The patient's name.
 * @csspart facts - The list of birth date, age, INS and sex.
 * @csspart deceased - The date of death and age at death, for a deceased patient.
 * @csspart state - A loading, empty or error state.
 * @csspart action - A retry or sign-in button.
 * @cssproperty --coord-patient-banner-background - Banner background.
 * @cssproperty --coord-patient-banner-accent - The coloured left edge.
 * @cssproperty --coord-patient-banner-padding - Banner padding.
 * @event coord-error - Standalone only: resolving the patient failed.
 * @event coord-auth-required - The user chose "Sign in again" (or, standalone, a 401 that a new token did not fix).
 */
export class CoordPatientBanner extends CoordElement {
  static override styles = [hostStyles, patientBannerStyles];

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The elements without a patient task show an open emergency access too.
    this.session?.emergency?.decorate(this);
  }

  protected override render() {
    const session = this.session;
    const state = session?.patient ?? { status: 'idle' as const };
    const lang = this.effectiveLang;
    switch (state.status) {
      case 'idle':
        return html`<div class="state" part="state" role="status">
          <p class="state-title">${this.t('patient.none')}</p>
          <p class="state-hint">${this.t('patient.noneHint')}</p>
        </div>`;
      case 'loading':
        return html`<div class="state loading" part="state" role="status" aria-busy="true">
          <span class="visually-hidden">${this.t('patient.loading')}</span>
          <span class="skeleton" aria-hidden="true"></span>
          <span class="skeleton" aria-hidden="true"></span>
          <span class="skeleton" aria-hidden="true"></span>
        </div>`;
      case 'error': {
        const { error } = state;
        if (error.kind === 'not-found') {
          return html`<div class="state" data-tone="warning" part="state" role="alert" data-kind="not-found">
            <p class="state-title">${this.t('patient.notFound')}</p>
            <p class="state-hint">${this.t('patient.notFoundHint')}</p>
            <button type="button" part="action" @click=${() => session?.reload()}>${this.t('state.retry')}</button>
          </div>`;
        }
        if (error.kind === 'ambiguous') {
          return html`<div class="state" data-tone="warning" part="state" role="alert" data-kind="ambiguous">
            <p class="state-title">${this.t('patient.ambiguous')}</p>
            <p class="state-hint">${this.t('patient.ambiguousHint', { count: error.matches ?? 2 })}</p>
          </div>`;
        }
        return renderErrorState(lang, error, {
          onRetry: () => session?.reload(),
          onSignIn: () => this.dispatchEvent(new CoordAuthRequiredEvent({ baseUrl: session?.client?.baseUrl ?? '' })),
        });
      }
      case 'ready':
        return this.renderPatient(state.summary);
    }
  }

  private renderPatient(p: PatientSummary) {
    const lang = this.effectiveLang;
    const bornKey = p.gender === 'female' ? 'patient.bornF' : p.gender === 'male' ? 'patient.bornM' : 'patient.bornX';
    const incomplete = p.problems.some((x) => x === 'name' || x === 'birthDate' || x === 'ins');
    return html`<section class="banner" part="banner" aria-label=${this.t('patient.label')}>
      <p class="name" part="name">
        ${p.family || p.given
          ? html`${p.family ? html`<span class="family">${p.family}</span>` : nothing} ${p.given ?? nothing}`
          : html`<span class="unknown">${this.t('patient.unknownName')}</span>`}
      </p>
      <ul class="facts" part="facts">
        <li>
          ${p.birthDate
            ? html`${this.t(bornKey, { date: formatDate(lang, p.birthDate) })}${p.ageYears !== undefined && !p.deceased
                ? html` (${this.t(isSingular(lang, p.ageYears) ? 'patient.ageOne' : 'patient.age', { age: p.ageYears })})`
                : nothing}`
            : html`<span class="unknown">${this.t('patient.unknownBirthDate')}</span>`}
        </li>
        ${p.deceased
          ? html`<li class="deceased" part="deceased">
              <strong>${p.deceased.date
                ? this.t(`patient.died${genderSuffix(p.gender)}`, { date: formatDate(lang, p.deceased.date) })
                : this.t(`patient.diedUnknown${genderSuffix(p.gender)}`)}</strong>${p.ageYears !== undefined
                ? html` (${this.t('patient.ageAtDeath', { age: p.ageYears })})`
                : nothing}
            </li>`
          : nothing}
        <li>
          ${p.ins
            ? html`<abbr title="Identité Nationale de Santé">${this.t('patient.ins')}</abbr>
                <span class="ins-kind">(${p.ins.kind})</span> <span class="ins-value">${p.ins.value}</span>`
            : html`<span class="unknown">${this.t('patient.insNone')}</span>`}
        </li>
        <li>${this.t(`patient.gender.${p.gender}`)}</li>
      </ul>
      ${incomplete ? html`<p class="warning" role="note">${this.t('patient.incomplete')}</p>` : nothing}
    </section>`;
  }
}
