// The verdict per AMT firmware generation (amt.generations): one row each, ready or not and why. A row not asked
// for (the firmware choice leaves it out, or the proposed AMT 22 rules) is dimmed and says it is not part of the
// verdict.
import type { GenerationVerdict } from '../../../../shared/dto';
import { StatusIcon } from '../StatusIcon';

export function GenerationTable({ generations }: { generations: GenerationVerdict[] }) {
  return (
    <table className="generations" aria-label="Verdict by AMT firmware">
      <thead>
        <tr>
          <th scope="col">Firmware</th>
          <th scope="col">Verdict</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {generations.map((g) => (
          <tr key={g.id} className={`generation${g.asked ? '' : ' is-not-asked'}`} data-generation={g.id} data-ready={g.ready} data-asked={g.asked}>
            <th scope="row">
              {g.name}
              {g.proposed && <span className="generation-tag">{g.asked ? 'proposed rules' : 'proposed rules, not part of the verdict'}</span>}
              {!g.proposed && !g.asked && <span className="generation-tag">not asked, not part of the verdict</span>}
            </th>
            <td className="generation-verdict">
              <StatusIcon status={g.ready ? 'pass' : 'fail'} label={g.ready ? 'Ready' : 'Not ready'} />
              <span aria-hidden="true">{g.ready ? 'Ready' : 'Not ready'}</span>
            </td>
            <td className="generation-reason">{g.ready ? '—' : g.reason ?? g.failing.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
