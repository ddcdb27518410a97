import { parseQueryForm, toXml } from './query';

describe('query protocol', () => {
  it('builds nested input from form fields', () => {
    const form = new URLSearchParams(
      'Action=CreateStackInstances&Version=2010-05-15&StackSetName=s&Regions.member.1=us-east-1&Regions.member.2=eu-west-1' +
        '&DeploymentTargets.OrganizationalUnitIds.member.1=ou-a&DeploymentTargets.AccountFilterType=NONE' +
        '&Tags.member.1.Key=k&Tags.member.1.Value=v&Accounts=&OperationPreferences.MaxConcurrentCount=2',
    );
    expect(parseQueryForm(form)).toEqual({
      StackSetName: 's',
      Regions: ['us-east-1', 'eu-west-1'],
      DeploymentTargets: {
        OrganizationalUnitIds: ['ou-a'],
        AccountFilterType: 'NONE',
      },
      Tags: [{ Key: 'k', Value: 'v' }],
      Accounts: '',
      OperationPreferences: { MaxConcurrentCount: '2' },
    });
  });

  it('renders lists as member elements, dates as ISO-8601 and escapes text', () => {
    expect(
      toXml({
        A: ['x', 'y'],
        B: new Date(0),
        C: 'a<b&c',
        D: undefined,
        E: { F: true },
      }),
    ).toBe(
      '<A><member>x</member><member>y</member></A><B>1970-01-01T00:00:00.000Z</B><C>a&lt;b&amp;c</C><E><F>true</F></E>',
    );
  });
});
